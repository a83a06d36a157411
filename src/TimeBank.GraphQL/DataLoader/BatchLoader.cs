namespace TimeBank.GraphQL.DataLoader;

/// <summary>A per-request loader of one value per key (for example an author by id).</summary>
public sealed class BatchLoader<TKey, T>(BatchFetch<TKey, T> fetch, int maxBatchSize) : KeyedLoader<TKey, T?>(maxBatchSize)
    where TKey : notnull
{
    protected override async Task<Func<TKey, T?>> FetchAsync(IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    {
        var values = await fetch(keys, cancellationToken);
        return key => values.TryGetValue(key, out var value) ? value : default;
    }
}
