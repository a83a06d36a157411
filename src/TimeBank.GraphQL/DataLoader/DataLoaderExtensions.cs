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

    /// <summary>Where the executor leaves the request's loaders in <see cref="ExecutionOptions.UserContext"/>.</summary>
    internal const string UserContextKey = "TimeBank.GraphQL.DataLoaders";

    /// <summary>The loaders of the request this field belongs to.</summary>
    /// <exception cref="InvalidOperationException">The request has no services, or <see cref="AddDataLoaders"/> was not called.</exception>
    /// <remarks>
    /// The executor resolves them once per request and leaves them in the user context, which resolvers only read: a
    /// scoped service resolved from the request's scope takes the scope's lock, and resolvers running in parallel
    /// contended for it on every field.
    /// </remarks>
    public static DataLoaderContext DataLoaders(this IResolveFieldContext context) =>
        context.UserContext.TryGetValue(UserContextKey, out var kept) && kept is DataLoaderContext loaders
            ? loaders
            : (context.RequestServices ?? throw new InvalidOperationException("ExecutionOptions.RequestServices must be the request's DI scope."))
                .GetRequiredService<DataLoaderContext>();
}
