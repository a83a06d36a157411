namespace TimeBank.Ledger.Model;

/// <summary>
/// Minutes reserved for a later posting (two-phase transfer). While pending they count against the debit
/// account's floor and the credit account's ceiling.
/// </summary>
public sealed class LedgerHold
{
    private LedgerHold()
    {
    }

    public long Id { get; private set; }

    public long DebitAccountId { get; private set; }

    public long CreditAccountId { get; private set; }

    public long AmountMinutes { get; private set; }

    public HoldStatus Status { get; private set; }

    public DateTimeOffset PlacedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public long? PostedMinutes { get; private set; }

    public long? PostedEntrySequence { get; private set; }

    public string IdempotencyKey { get; private set; } = "";

    public string ActorId { get; private set; } = "";

    public string PrincipalId { get; private set; } = "";

    public string? CauseType { get; private set; }

    public string? CauseId { get; private set; }

    public string? Memo { get; private set; }
}
