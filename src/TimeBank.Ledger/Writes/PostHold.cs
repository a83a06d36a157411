using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Turns a pending hold into an entry for all of it (<see cref="AmountMinutes"/> null) or part of it; the
/// rest of the hold is released in the same step.
/// </summary>
public sealed record PostHold(long HoldId, long? AmountMinutes = null, EntryKind Kind = EntryKind.Exchange) : LedgerCommand
{
    internal override string CommandType => "PostHold";

    internal override void WriteContent(CanonicalWriter writer)
    {
        writer.Add("hold", HoldId);
        writer.Add("amount", AmountMinutes);
        writer.Add("kind", Kind.ToString());
    }

    internal override LedgerResult Apply(LedgerSession session)
    {
        if (Kind == EntryKind.Reversal)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidKind);
        }
        if (AmountMinutes <= 0)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidAmount);
        }
        var hold = session.LoadHold(HoldId);
        if (hold is null)
        {
            return LedgerResult.Rejected(LedgerStatus.HoldNotFound);
        }
        if (hold.Status != HoldStatus.Pending)
        {
            return LedgerResult.Rejected(LedgerStatus.HoldNotPending);
        }
        if (hold.ExpiresAtUnixMs <= session.NowUnixMs)
        {
            return LedgerResult.Rejected(LedgerStatus.HoldExpired);
        }
        var postedMinutes = AmountMinutes ?? hold.AmountMinutes;
        if (postedMinutes > hold.AmountMinutes)
        {
            return LedgerResult.Rejected(LedgerStatus.AmountExceedsHold);
        }
        var loaded = session.LoadAccounts([hold.DebitAccountId, hold.CreditAccountId], out var accounts);
        if (loaded != LedgerStatus.Ok)
        {
            return LedgerResult.Rejected(loaded);
        }

        // Release the whole reservation, then post what was used: the unused rest is voided by construction.
        accounts[hold.DebitAccountId].DebitsPendingMinutes -= hold.AmountMinutes;
        accounts[hold.CreditAccountId].CreditsPendingMinutes -= hold.AmountMinutes;
        var result = session.PostEntry(this, Kind,
            [PostingLine.Debit(hold.DebitAccountId, postedMinutes), PostingLine.Credit(hold.CreditAccountId, postedMinutes)],
            accounts, holdId: hold.Id);
        if (result.Succeeded)
        {
            session.ResolveHold(hold.Id, HoldStatus.Posted, postedMinutes, result.EntrySequence);
        }
        return result;
    }
}
