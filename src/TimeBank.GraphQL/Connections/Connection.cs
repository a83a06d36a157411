namespace TimeBank.GraphQL.Connections;

/// <summary>What the connection graph types read, whatever the item type.</summary>
public interface IConnection
{
    IReadOnlyList<IEdge> Edges { get; }

    PageInfo PageInfo { get; }

    int? TotalCount { get; }
}

/// <summary>One item with its cursor.</summary>
public interface IEdge
{
    string Cursor { get; }

    object? Node { get; }
}

/// <summary>Where a page sits in the whole list.</summary>
public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>An item and its opaque cursor.</summary>
public sealed record Edge<T>(string Cursor, T Node) : IEdge
{
    object? IEdge.Node => Node;
}

/// <summary>A page of a Relay connection. <c>TotalCount</c> is the size of the whole list, null unless it was asked for.</summary>
public sealed record Connection<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo, int? TotalCount) : IConnection
{
    IReadOnlyList<IEdge> IConnection.Edges => Edges;

    /// <summary>The items of the page, in order.</summary>
    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);
}
