namespace TimeBank.Ledger.Model;

public enum HoldStatus
{
    Pending,
    Posted,
    Voided,
    Expired,
}
