namespace TimeBank.Ledger.Model;

/// <summary>A debit lowers an account's balance, a credit raises it (balance = credits - debits).</summary>
public enum PostingSide
{
    Debit,
    Credit,
}
