using System.Collections.Concurrent;

namespace TimeBank.GraphQL.DataLoader;

/// <summary>
/// The loaders of one request, by name. Registered as a scoped service, so the request's DI scope is
/// the lifetime of every loader and of its cache; two requests never share values.
/// </summary>
public sealed class DataLoaderContext
{
    /// <summary>The batch size used when a loader does not name one.</summary>
    public const int DefaultMaxBatchSize = 500;

    private readonly ConcurrentDictionary<string, object> _loaders = new(StringComparer.Ordinal);

    /// <summary>Returns the request's loader named <paramref name="name"/>, creating it with <paramref name="fetch"/> the first time.</summary>
    public BatchLoader<TKey, T> GetOrAddBatchLoader<TKey, T>(string name, BatchFetch<TKey, T> fetch, int maxBatchSize = DefaultMaxBatchSize)
        where TKey : notnull =>
        GetOrAdd(name, () => new BatchLoader<TKey, T>(fetch, maxBatchSize));

    /// <summary>Returns the request's group loader named <paramref name="name"/>, creating it with <paramref name="fetch"/> the first time.</summary>
    public GroupLoader<TKey, T> GetOrAddGroupLoader<TKey, T>(string name, GroupFetch<TKey, T> fetch, int maxBatchSize = DefaultMaxBatchSize)
        where TKey : notnull =>
        GetOrAdd(name, () => new GroupLoader<TKey, T>(fetch, maxBatchSize));

    private TLoader GetOrAdd<TLoader>(string name, Func<TLoader> create)
        where TLoader : class
    {
        // Lazy keeps creation single even when parallel resolvers ask for the same loader at once.
        var entry = _loaders.GetOrAdd(name, _ => new Lazy<TLoader>(create));
        return entry is Lazy<TLoader> lazy
            ? lazy.Value
            : throw new InvalidOperationException($"The data loader '{name}' was already created with other key or value types.");
    }
}
