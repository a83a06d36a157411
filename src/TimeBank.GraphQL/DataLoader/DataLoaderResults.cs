using GraphQL.DataLoader;

namespace TimeBank.GraphQL.DataLoader;

/// <summary>Composes pending loader results without dispatching them early.</summary>
public static class DataLoaderResults
{
    /// <summary>A result that is already known.</summary>
    public static IDataLoaderResult<T> FromValue<T>(T value) => new Completed<T>(value);

    /// <summary>Maps a pending result once it is loaded.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> map) =>
        new Mapped<T, TResult>(result, map);

    /// <summary>
    /// Waits for every result in order. All keys were queued before the first is awaited, so each loader
    /// involved still fetches once.
    /// </summary>
    public static IDataLoaderResult<IReadOnlyList<T>> WhenAll<T>(IEnumerable<IDataLoaderResult<T>> results) =>
        new All<T>([.. results]);

    private sealed class Completed<T>(T value) : IDataLoaderResult<T>
    {
        public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);

        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(value);
    }

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }

    private sealed class All<T>(IDataLoaderResult<T>[] results) : IDataLoaderResult<IReadOnlyList<T>>
    {
        public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new T[results.Length];
            for (var i = 0; i < results.Length; i++)
            {
                values[i] = await results[i].GetResultAsync(cancellationToken);
            }
            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
