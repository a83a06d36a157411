using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>Closes an account that holds nothing: zero balance and no pending holds. Its history stays.</summary>
public sealed record CloseAccount(long AccountId) : LedgerCommand
{
    internal override string CommandType => "CloseAccount";

    internal override void WriteContent(CanonicalWriter writer) => writer.Add("account", AccountId);

    internal override LedgerResult Apply(LedgerSession session)
    {
        var account = session.LoadAccount(AccountId);
        if (account is null)
        {
            return LedgerResult.Rejected(LedgerStatus.AccountNotFound);
        }
        if (account.Status == AccountStatus.Closed)
        {
            return LedgerResult.Rejected(LedgerStatus.AccountClosed);
        }
        if (account.BalanceMinutes != 0 || account.DebitsPendingMinutes != 0 || account.CreditsPendingMinutes != 0)
        {
            return LedgerResult.Rejected(LedgerStatus.AccountNotEmpty);
        }

        account.Status = AccountStatus.Closed;
        account.ClosedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs);
        session.SaveAccount(account);
        return new LedgerResult(LedgerStatus.Ok) { AccountId = AccountId, RecordedAt = account.ClosedAt };
    }
}
