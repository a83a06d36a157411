namespace TimeBank.GraphQL.Connections;

/// <summary>Keyset (cursor) paging of a query into a Relay connection.</summary>
public static class Paging
{
    /// <summary>
    /// Reads one page of <paramref name="source"/> in <paramref name="order"/>. Works on an EF Core query
    /// (read asynchronously, translated to <c>WHERE (keys) &gt; (cursor) ORDER BY keys LIMIT n + 1</c>)
    /// and on in-memory items.
    /// </summary>
    /// <remarks>
    /// <paramref name="source"/> is the filtered list, without ordering or paging. <paramref name="countAsync"/>
    /// counts it when <c>totalCount</c> is asked for, e.g. <c>(q, ct) =&gt; q.CountAsync(ct)</c>; by default a
    /// synchronous <c>Count()</c>.
    ///
    /// The query runs before this returns, so the caller may dispose its DbContext right after. With
    /// <c>after</c> (or <c>before</c>) one more small query tells whether items exist on the other side.
    /// </remarks>
    /// <exception cref="PagingError">Too big a page, both first and last, or a cursor of another list.</exception>
    public static async Task<Connection<T>> ToConnectionAsync<T>(
        this IQueryable<T> source,
        KeysetOrder<T> order,
        PageRequest page,
        CancellationToken cancellationToken,
        Func<IQueryable<T>, CancellationToken, Task<int>>? countAsync = null)
    {
        var (size, backward) = page.Validate();
        var after = page.After is null ? null : order.Decode(page.After);
        var before = page.Before is null ? null : order.Decode(page.Before);

        var window = source;
        if (after is not null)
        {
            window = window.Where(order.After(after));
        }
        if (before is not null)
        {
            window = window.Where(order.Before(before));
        }

        // One item more than asked tells whether the list goes on in the reading direction.
        var items = await ReadAsync(order.Apply(window, reverse: backward).Take(size + 1), cancellationToken);
        var overflow = items.Count > size;
        if (overflow)
        {
            items.RemoveAt(size);
        }
        if (backward)
        {
            items.Reverse();
        }

        var hasNext = backward ? false : overflow;
        var hasPrevious = backward && overflow;
        if (!hasNext && before is not null)
        {
            hasNext = await AnyAsync(order.Apply(source.Where(KeysetOrder<T>.Not(order.Before(before))), reverse: false), cancellationToken);
        }
        if (!hasPrevious && after is not null)
        {
            hasPrevious = await AnyAsync(order.Apply(source.Where(KeysetOrder<T>.Not(order.After(after))), reverse: false), cancellationToken);
        }

        var edges = items.ConvertAll(item => new Edge<T>(order.CursorOf(item), item));
        int? total = !page.IncludeTotalCount ? null
            : countAsync is null ? source.Count()
            : await countAsync(source, cancellationToken);
        return new Connection<T>(
            edges,
            new PageInfo(hasNext, hasPrevious, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor),
            total);
    }

    /// <summary>
    /// Whether <paramref name="page"/> is a plain first page (no cursor, read forward, no <c>totalCount</c>) whose items a
    /// caller may read with its own query and hand to <see cref="FirstPage"/>; the size to read is the one returned.
    /// </summary>
    /// <exception cref="PagingError">Too big a page, or both first and last.</exception>
    public static bool IsPlainFirstPage(this PageRequest page, out int size)
    {
        ArgumentNullException.ThrowIfNull(page);
        (size, var backward) = page.Validate();
        return !backward && page.After is null && page.Before is null && !page.IncludeTotalCount;
    }

    /// <summary>
    /// The connection of a plain first page (<see cref="IsPlainFirstPage"/>) from items the caller read in
    /// <paramref name="order"/> itself, one more than <paramref name="size"/> when the list goes on: the same edges,
    /// cursors and page info <see cref="ToConnectionAsync{T}(IQueryable{T}, KeysetOrder{T}, PageRequest, CancellationToken, Func{IQueryable{T}, CancellationToken, Task{int}}?)"/> gives.
    /// </summary>
    public static Connection<T> FirstPage<T>(KeysetOrder<T> order, IReadOnlyList<T> items, int size)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(items);
        var edges = new List<Edge<T>>(Math.Min(size, items.Count));
        for (var i = 0; i < items.Count && i < size; i++)
        {
            edges.Add(new Edge<T>(order.CursorOf(items[i]), items[i]));
        }
        return new Connection<T>(edges, new PageInfo(items.Count > size, false, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor), null);
    }

    /// <summary>Pages items already in memory.</summary>
    public static Task<Connection<T>> ToConnectionAsync<T>(this IEnumerable<T> source, KeysetOrder<T> order, PageRequest page) =>
        source.AsQueryable().ToConnectionAsync(order, page, CancellationToken.None);

    private static async Task<List<T>> ReadAsync<T>(IQueryable<T> query, CancellationToken cancellationToken)
    {
        // EF Core queries are IAsyncEnumerable; reading them this way keeps this project free of EF Core.
        if (query is IAsyncEnumerable<T> asyncItems)
        {
            var items = new List<T>();
            await foreach (var item in asyncItems.WithCancellation(cancellationToken))
            {
                items.Add(item);
            }
            return items;
        }
        return [.. query];
    }

    // Given in the keyset order: a row limit on an unordered query picks an arbitrary row, which EF Core warns about.
    private static async Task<bool> AnyAsync<T>(IQueryable<T> query, CancellationToken cancellationToken) =>
        (await ReadAsync(query.Take(1), cancellationToken)).Count > 0;
}
