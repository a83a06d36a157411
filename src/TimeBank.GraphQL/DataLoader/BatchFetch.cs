namespace TimeBank.GraphQL.DataLoader;

/// <summary>
/// Loads one value per key for a batch of distinct keys. Keys missing from the result resolve to null.
/// </summary>
/// <remarks>
/// Resolvers may run in parallel, so a fetch must not use a shared DbContext: create one from a factory
/// inside the fetch (<c>await using var db = await factory.CreateDbContextAsync(ct)</c>) and dispose it there.
/// </remarks>
public delegate Task<IReadOnlyDictionary<TKey, T>> BatchFetch<TKey, T>(IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    where TKey : notnull;

/// <summary>
/// Loads any number of values per key for a batch of distinct keys. Keys missing from the result resolve to an empty list.
/// </summary>
/// <remarks>The same DbContext rule as <see cref="BatchFetch{TKey, T}"/> applies.</remarks>
public delegate Task<ILookup<TKey, T>> GroupFetch<TKey, T>(IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
    where TKey : notnull;
