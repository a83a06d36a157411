namespace TimeBank.Ledger.Model;

/// <summary>
/// The record of one accepted write, keyed by its idempotency key, so a retry returns the first result.
/// Rejected writes leave no record (a rejected write changes nothing).
/// </summary>
public sealed class LedgerOperation
{
    private LedgerOperation()
    {
    }

    public string IdempotencyKey { get; private set; } = "";

    public string CommandType { get; private set; } = "";

    /// <summary>SHA-256 of the command's canonical content (lowercase hex), compared on retry.</summary>
    public string RequestHash { get; private set; } = "";

    public long? EntrySequence { get; private set; }

    public long? HoldId { get; private set; }

    public long? AccountId { get; private set; }

    public long? PeriodCloseId { get; private set; }

    public long AffectedCount { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}
