using GraphQL.DataLoader;

namespace TimeBank.GraphQL.DataLoader;

/// <summary>
/// Collects keys while fields resolve and fetches them in batches when GraphQL.NET asks for the first result.
/// </summary>
/// <remarks>
/// GraphQL.NET's execution strategies set every field that returned an <see cref="IDataLoaderResult"/> aside
/// until all other pending fields of the step have run, then call <see cref="IDataLoaderResult.GetResultAsync"/>
/// on each. The first call dispatches every key queued so far, so no document listener is needed. One
/// instance lives for one request (one DI scope), which makes it the per-request cache.
/// </remarks>
public abstract class KeyedLoader<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, TaskCompletionSource<TValue>> _cache = [];
    private List<KeyValuePair<TKey, TaskCompletionSource<TValue>>> _pending = [];

    protected KeyedLoader(int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        MaxBatchSize = maxBatchSize;
    }

    /// <summary>The largest number of keys passed to one fetch; bigger batches are split.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Queues <paramref name="key"/> (once per request) and returns its pending result.</summary>
    public IDataLoaderResult<TValue> LoadAsync(TKey key)
    {
        lock (_gate)
        {
            if (!_cache.TryGetValue(key, out var completion))
            {
                completion = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
                _cache.Add(key, completion);
                _pending.Add(new(key, completion));
            }
            return new Pending(this, completion.Task);
        }
    }

    /// <summary>Fetches every queued key now. Called for you by the first result awaited.</summary>
    public async Task DispatchAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<TKey, TaskCompletionSource<TValue>>> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            batch = _pending;
            _pending = [];
        }

        // Chunks run one after another: fetches share the request's connection pool, and a database
        // such as SQLite gains nothing from parallel readers of the same request.
        foreach (var chunk in batch.Chunk(MaxBatchSize))
        {
            var keys = Array.ConvertAll(chunk, p => p.Key);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = await FetchAsync(keys, cancellationToken);
                foreach (var (key, completion) in chunk)
                {
                    completion.TrySetResult(values(key));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                foreach (var (_, completion) in chunk)
                {
                    completion.TrySetCanceled(cancellationToken);
                }
            }
            catch (Exception ex)
            {
                // Every field waiting on a key of this chunk fails with the same error; the request goes on.
                foreach (var (_, completion) in chunk)
                {
                    completion.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Fetches one chunk of distinct keys and returns how to read each key's value.</summary>
    protected abstract Task<Func<TKey, TValue>> FetchAsync(IReadOnlyList<TKey> keys, CancellationToken cancellationToken);

    private sealed class Pending(KeyedLoader<TKey, TValue> loader, Task<TValue> result) : IDataLoaderResult<TValue>
    {
        public async Task<TValue> GetResultAsync(CancellationToken cancellationToken = default)
        {
            if (!result.IsCompleted)
            {
                await loader.DispatchAsync(cancellationToken);
            }
            return await result;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
