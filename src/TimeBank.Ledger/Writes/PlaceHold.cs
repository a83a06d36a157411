using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Reserves minutes from one account for another: pending debit on the first, pending credit on the second.
/// The reservation counts against both limits until it is posted, voided or expires.
/// </summary>
public sealed record PlaceHold(long DebitAccountId, long CreditAccountId, long AmountMinutes, DateTimeOffset? ExpiresAt = null)
    : LedgerCommand
{
    internal override string CommandType => "PlaceHold";

    internal override void WriteContent(CanonicalWriter writer)
    {
        writer.Add("debit", DebitAccountId);
        writer.Add("credit", CreditAccountId);
        writer.Add("amount", AmountMinutes);
        writer.Add("expires", ExpiresAt?.ToUnixTimeMilliseconds());
    }

    internal override LedgerResult Apply(LedgerSession session)
    {
        if (DebitAccountId == CreditAccountId)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidPostings);
        }
        if (AmountMinutes <= 0 || AmountMinutes > Transfer.MaxAmountMinutes)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidAmount);
        }
        var loaded = session.LoadAccounts([DebitAccountId, CreditAccountId], out var accounts);
        if (loaded != LedgerStatus.Ok)
        {
            return LedgerResult.Rejected(loaded);
        }

        var debit = accounts[DebitAccountId];
        var credit = accounts[CreditAccountId];
        debit.DebitsPendingMinutes += AmountMinutes;
        credit.CreditsPendingMinutes += AmountMinutes;
        var limits = debit.CheckLimits();
        if (limits == LedgerStatus.Ok)
        {
            limits = credit.CheckLimits();
        }
        if (limits != LedgerStatus.Ok)
        {
            return LedgerResult.Rejected(limits);
        }

        var holdId = session.InsertHold(this);
        session.SaveAccount(debit);
        session.SaveAccount(credit);
        return new LedgerResult(LedgerStatus.Ok)
        {
            HoldId = holdId,
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(session.NowUnixMs),
        };
    }
}
