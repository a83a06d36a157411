using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Closes a ledger group's period up to <see cref="EndsAt"/>: stores every account's balance then (accounts opened by
/// then) with the group's chain head, immutably, and from then on refuses entries dated at or before <see cref="EndsAt"/>
/// (<see cref="LedgerStatus.PeriodClosed"/>). The end must not be in the future and must be later than the last close's.
/// </summary>
public sealed record ClosePeriod(string LedgerGroup, DateTimeOffset EndsAt) : LedgerCommand
{
    internal override string CommandType => "ClosePeriod";

    internal override void WriteContent(CanonicalWriter writer)
    {
        writer.Add("group", LedgerGroup);
        writer.Add("endsAt", EndsAt.ToUnixTimeMilliseconds());
    }

    internal override LedgerResult Apply(LedgerSession session)
    {
        if (string.IsNullOrWhiteSpace(LedgerGroup) || LedgerGroup.Length > 100)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidCommand);
        }
        var endsAtUnixMs = EndsAt.ToUnixTimeMilliseconds();
        if (endsAtUnixMs > session.NowUnixMs || session.Chain(LedgerGroup).LastCloseEndsAtUnixMs >= endsAtUnixMs)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidPeriod);
        }

        var (lastSequence, balances) = session.BalancesAt(LedgerGroup, endsAtUnixMs);
        var closeId = session.InsertPeriodClose(LedgerGroup, endsAtUnixMs, lastSequence, balances);
        return new LedgerResult(LedgerStatus.Ok)
        {
            PeriodCloseId = closeId,
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs),
        };
    }
}
