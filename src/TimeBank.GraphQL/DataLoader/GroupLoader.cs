namespace TimeBank.GraphQL.DataLoader;

/// <summary>A per-request loader of many values per key (for example the books of an author).</summary>
public sealed class GroupLoader<TKey, T>(GroupFetch<TKey, T> fetch, int maxBatchSize) : KeyedLoader<TKey, IEnumerable<T>>(maxBatchSize)
    where TKey : notnull
{
    protected override async Task<Func<TKey, IEnumerable<T>>> FetchAsync(IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    {
        var values = await fetch(keys, cancellationToken);
        return key => values[key];
    }
}
