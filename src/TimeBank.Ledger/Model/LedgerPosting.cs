namespace TimeBank.Ledger.Model;

/// <summary>One leg of an entry: a positive number of minutes debited or credited to one account.</summary>
public sealed class LedgerPosting
{
    private LedgerPosting()
    {
    }

    public long EntrySequence { get; private set; }

    /// <summary>Position within the entry, from 0; part of the hashed canonical form.</summary>
    public int Index { get; private set; }

    public long AccountId { get; private set; }

    public PostingSide Side { get; private set; }

    public long AmountMinutes { get; private set; }

    /// <summary>The account's posted balance right after this entry, so past balances are one index seek.</summary>
    public long BalanceAfterMinutes { get; private set; }
}
