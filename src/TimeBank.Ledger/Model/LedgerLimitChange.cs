namespace TimeBank.Ledger.Model;

/// <summary>
/// One change of an account's limits. Reconciliation checks every posting against the limits in force
/// when its entry was written, so a stricter policy later never makes old history look wrong.
/// </summary>
public sealed class LedgerLimitChange
{
    private LedgerLimitChange()
    {
    }

    public long Id { get; private set; }

    public long AccountId { get; private set; }

    /// <summary>The limits apply to entries from this sequence on (the journal's next sequence when set).</summary>
    public long EffectiveFromSequence { get; private set; }

    public long? FloorMinutes { get; private set; }

    public long? CeilingMinutes { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}
