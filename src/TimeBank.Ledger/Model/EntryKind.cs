namespace TimeBank.Ledger.Model;

/// <summary>Why minutes moved. <see cref="Reversal"/> is written only by the ledger itself.</summary>
public enum EntryKind
{
    Exchange,
    Donation,
    Grant,
    Contribution,
    OpeningBalance,
    Adjustment,
    Reversal,
}
