using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Changes an account's floor and ceiling from now on (a policy change). An account the new limits
/// leave outside stays there: it can move back towards them but not further away.
/// </summary>
public sealed record SetAccountLimits(long AccountId, long? FloorMinutes, long? CeilingMinutes) : LedgerCommand
{
    internal override string CommandType => "SetAccountLimits";

    internal override void WriteContent(CanonicalWriter writer)
    {
        writer.Add("account", AccountId);
        writer.Add("floor", FloorMinutes);
        writer.Add("ceiling", CeilingMinutes);
    }

    internal override LedgerResult Apply(LedgerSession session)
    {
        if (FloorMinutes > 0 || CeilingMinutes < 0)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidLimits);
        }
        var account = session.LoadAccount(AccountId);
        if (account is null)
        {
            return LedgerResult.Rejected(LedgerStatus.AccountNotFound);
        }
        if (account.Status == AccountStatus.Closed)
        {
            return LedgerResult.Rejected(LedgerStatus.AccountClosed);
        }

        session.ChangeLimits(account, FloorMinutes, CeilingMinutes);
        return new LedgerResult(LedgerStatus.Ok)
        {
            AccountId = AccountId,
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs),
        };
    }
}
