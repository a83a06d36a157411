using GraphQL;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;

namespace TimeBank.GraphQL.DataLoader;

/// <summary>Registration and resolver access for <see cref="DataLoaderContext"/>.</summary>
public static class DataLoaderExtensions
{
    /// <summary>Registers the per-request <see cref="DataLoaderContext"/> (scoped: one per request's DI scope).</summary>
    public static IGraphQLBuilder AddDataLoaders(this IGraphQLBuilder builder)
    {
        builder.Services.TryRegister<DataLoaderContext, DataLoaderContext>(global::GraphQL.DI.ServiceLifetime.Scoped);
        return builder;
    }

    /// <summary>The loaders of the request this field belongs to.</summary>
    /// <exception cref="InvalidOperationException">The request has no services, or <see cref="AddDataLoaders"/> was not called.</exception>
    public static DataLoaderContext DataLoaders(this IResolveFieldContext context) =>
        (context.RequestServices ?? throw new InvalidOperationException("ExecutionOptions.RequestServices must be the request's DI scope."))
            .GetRequiredService<DataLoaderContext>();
}
