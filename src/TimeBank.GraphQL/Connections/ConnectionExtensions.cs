using GraphQL;
using GraphQL.Builders;
using GraphQL.DI;
using GraphQL.Types;

namespace TimeBank.GraphQL.Connections;

/// <summary>Declaration and registration of connection fields.</summary>
public static class ConnectionExtensions
{
    /// <summary>Registers <see cref="ConnectionType{TNodeType}"/>, <see cref="EdgeType{TNodeType}"/> and <see cref="PageInfoType"/>.</summary>
    public static IGraphQLBuilder AddConnections(this IGraphQLBuilder builder)
    {
        builder.Services.TryRegister(typeof(ConnectionType<>), typeof(ConnectionType<>), global::GraphQL.DI.ServiceLifetime.Transient);
        builder.Services.TryRegister(typeof(EdgeType<>), typeof(EdgeType<>), global::GraphQL.DI.ServiceLifetime.Transient);
        builder.Services.TryRegister<PageInfoType, PageInfoType>(global::GraphQL.DI.ServiceLifetime.Transient);
        return builder;
    }

    /// <summary>
    /// Adds the Relay arguments <c>first</c>, <c>after</c>, <c>last</c>, <c>before</c> to a connection field.
    /// Sizes above <see cref="PageRequest.MaxPageSize"/> fail validation with <c>PAGE_SIZE_EXCEEDED</c>.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> PageArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field
            .Argument<IntGraphType>("first", $"How many items to return from the start (or from `after`); {PageRequest.DefaultPageSize} by default, at most {PageRequest.MaxPageSize}.", arg => arg.Validator = CheckSize)
            .Argument<StringGraphType>("after", "Return items after this cursor.")
            .Argument<IntGraphType>("last", $"How many items to return from the end (or before `before`); at most {PageRequest.MaxPageSize}.", arg => arg.Validator = CheckSize)
            .Argument<StringGraphType>("before", "Return items before this cursor.");

    /// <summary>The paging arguments of this connection field (see <see cref="PageRequest.From"/>).</summary>
    public static PageRequest GetPageRequest(this IResolveFieldContext context) => PageRequest.From(context);

    private static void CheckSize(object value) => PageRequest.CheckSize((int)value);
}
