namespace TimeBank.Ledger.Model;

public enum AccountStatus
{
    Open,
    Closed,
}
