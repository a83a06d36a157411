namespace TimeBank.Ledger.Model;

/// <summary>One account's posted balance at the end of a closed period.</summary>
public sealed class LedgerPeriodBalance
{
    private LedgerPeriodBalance()
    {
    }

    public long CloseId { get; private set; }

    public long AccountId { get; private set; }

    public long BalanceMinutes { get; private set; }
}
