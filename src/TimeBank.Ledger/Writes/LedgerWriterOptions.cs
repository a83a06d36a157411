namespace TimeBank.Ledger.Writes;

public sealed record LedgerWriterOptions
{
    /// <summary>Most items committed together; a bigger batch amortises the fsync over more callers.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>How often an item that lost a race is retried before the caller gets the exception.</summary>
    public int MaxRaceRetries { get; init; } = 5;
}
