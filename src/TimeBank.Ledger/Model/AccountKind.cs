namespace TimeBank.Ledger.Model;

/// <summary>What an account is for; the ledger treats every kind alike, the limits differ.</summary>
public enum AccountKind
{
    Member,
    Fund,
    Pool,
    Issuance,
}
