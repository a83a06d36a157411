namespace TimeBank.Ledger.Writes;

/// <summary>An account's balance and available minutes right after a write.</summary>
public sealed record AccountBalance(long AccountId, long BalanceMinutes, long AvailableMinutes);
