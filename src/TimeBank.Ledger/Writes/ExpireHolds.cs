using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Releases every pending hold whose expiry time has passed. Run on a schedule with a key per run (e.g. the
/// minute), so a retried run replays instead of expiring twice.
/// </summary>
public sealed record ExpireHolds : LedgerCommand
{
    internal override string CommandType => "ExpireHolds";

    internal override void WriteContent(CanonicalWriter writer)
    {
    }

    internal override LedgerResult Apply(LedgerSession session)
    {
        var holds = session.LoadExpiredHolds();
        foreach (var hold in holds)
        {
            VoidHold.Release(session, hold, HoldStatus.Expired);
        }
        return new LedgerResult(LedgerStatus.Ok)
        {
            AffectedCount = holds.Count,
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs),
        };
    }
}
