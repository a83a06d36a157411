using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>Releases a pending hold without posting anything.</summary>
public sealed record VoidHold(long HoldId) : LedgerCommand
{
    internal override string CommandType => "VoidHold";

    internal override void WriteContent(CanonicalWriter writer) => writer.Add("hold", HoldId);

    internal override LedgerResult Apply(LedgerSession session)
    {
        var hold = session.LoadHold(HoldId);
        if (hold is null)
        {
            return LedgerResult.Rejected(LedgerStatus.HoldNotFound);
        }
        if (hold.Status != HoldStatus.Pending)
        {
            return LedgerResult.Rejected(LedgerStatus.HoldNotPending);
        }

        Release(session, hold, HoldStatus.Voided);
        return new LedgerResult(LedgerStatus.Ok)
        {
            HoldId = HoldId,
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs),
        };
    }

    /// <summary>Gives the reserved minutes back to both accounts and closes the hold.</summary>
    internal static void Release(LedgerSession session, HoldState hold, HoldStatus status)
    {
        // Loaded unchecked: releasing a reservation never passes a limit, and must work on any account state.
        var debit = session.LoadAccount(hold.DebitAccountId)!;
        debit.DebitsPendingMinutes -= hold.AmountMinutes;
        session.SaveAccount(debit);
        var credit = session.LoadAccount(hold.CreditAccountId)!;
        credit.CreditsPendingMinutes -= hold.AmountMinutes;
        session.SaveAccount(credit);
        session.ResolveHold(hold.Id, status, postedMinutes: null, postedEntrySequence: null);
    }
}
