using GraphQL.Types;
using GraphQL.Validation.Complexity;
using TimeBank.GraphQL.Limits;

namespace TimeBank.GraphQL.Connections;

/// <summary>The Relay <c>PageInfo</c> type.</summary>
public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in the whole list, and the cursors to go on from it.";
        Field(p => p.HasNextPage).Description("Whether items follow the last one of this page.");
        Field(p => p.HasPreviousPage).Description("Whether items precede the first one of this page.");
        Field(p => p.StartCursor, nullable: true).Description("The cursor of the first item; null on an empty page.");
        Field(p => p.EndCursor, nullable: true).Description("The cursor of the last item; null on an empty page.");
    }
}

/// <summary><c>&lt;Node&gt;Edge</c>: an item of a connection with its cursor.</summary>
public sealed class EdgeType<TNodeType> : ObjectGraphType<IEdge>
    where TNodeType : IGraphType
{
    public EdgeType(TNodeType nodeType)
    {
        Name = $"{nodeType.Name}Edge";
        Description = $"A {nodeType.Name} in a list, with the cursor to page from it.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("An opaque cursor for `after` or `before`.").Resolve(ctx => ctx.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description($"The {nodeType.Name}.").Resolve(ctx => ctx.Source.Node);
    }
}

/// <summary><c>&lt;Node&gt;Connection</c>: one page of a list with keyset cursors.</summary>
public sealed class ConnectionType<TNodeType> : ObjectGraphType<IConnection>
    where TNodeType : IGraphType
{
    public ConnectionType(TNodeType nodeType)
    {
        Name = $"{nodeType.Name}Connection";
        Description = $"A page of {nodeType.Name} items.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType>>>>>("edges")
            .Description("The items of the page with their cursors.")
            .Resolve(ctx => ctx.Source.Edges)
            .FieldType.MaxItems(PageRequest.MaxPageSize, PageSize);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The items of the page, when cursors are not needed.")
            .Resolve(ctx => ctx.Source.Edges.Select(e => e.Node))
            .FieldType.MaxItems(PageRequest.MaxPageSize, PageSize);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("How to reach the neighbouring pages.").Resolve(ctx => ctx.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many items the whole list holds, across all pages.")
            .Resolve(ctx => ctx.Source.TotalCount);
    }

    // A page holds what the connection field's first or last asks (the default page without either).
    private static int PageSize(FieldImpactContext context) =>
        context.Parent?.Arguments is { } arguments
            && (arguments.TryGetValue("first", out var size) || arguments.TryGetValue("last", out size))
            && size.Value is int requested
            ? requested
            : PageRequest.DefaultPageSize;
}
