using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>Opens an account at zero. A limit that excludes zero is refused, since the account starts there.</summary>
public sealed record OpenAccount(string LedgerGroup, string Code, AccountKind Kind, long? FloorMinutes, long? CeilingMinutes)
    : LedgerCommand
{
    internal override string CommandType => "OpenAccount";

    internal override void WriteContent(CanonicalWriter writer)
    {
        writer.Add("group", LedgerGroup);
        writer.Add("code", Code);
        writer.Add("kind", Kind.ToString());
        writer.Add("floor", FloorMinutes);
        writer.Add("ceiling", CeilingMinutes);
    }

    internal override LedgerResult Apply(LedgerSession session)
    {
        if (string.IsNullOrWhiteSpace(LedgerGroup) || string.IsNullOrWhiteSpace(Code))
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidCommand);
        }
        if (FloorMinutes > 0 || CeilingMinutes < 0)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidLimits);
        }
        if (session.AccountCodeExists(LedgerGroup, Code))
        {
            return LedgerResult.Rejected(LedgerStatus.AccountExists);
        }

        var accountId = session.InsertAccount(this);
        return new LedgerResult(LedgerStatus.Ok)
        {
            AccountId = accountId,
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs),
        };
    }
}
