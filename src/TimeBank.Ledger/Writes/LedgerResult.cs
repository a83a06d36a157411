namespace TimeBank.Ledger.Writes;

/// <summary>What a write did. A replay carries the ids of the first, accepted write with the same key.</summary>
public sealed record LedgerResult(LedgerStatus Status)
{
    /// <summary>True when the idempotency key had already been accepted and nothing new was written.</summary>
    public bool IsReplay { get; init; }

    public long? EntrySequence { get; init; }

    public long? HoldId { get; init; }

    public long? AccountId { get; init; }

    /// <summary>The period close a <see cref="ClosePeriod"/> wrote.</summary>
    public long? PeriodCloseId { get; init; }

    /// <summary>How many holds an expiry run expired; 0 for other commands.</summary>
    public long AffectedCount { get; init; }

    public DateTimeOffset? RecordedAt { get; init; }

    /// <summary>
    /// The accounts this write changed, as they stand right after it, so a caller can tell their owners
    /// without reading them back. Empty for a replay or a rejection.
    /// </summary>
    public IReadOnlyList<AccountBalance> Balances { get; init; } = [];

    public bool Succeeded => Status == LedgerStatus.Ok;

    internal static LedgerResult Rejected(LedgerStatus status) => new(status);
}
