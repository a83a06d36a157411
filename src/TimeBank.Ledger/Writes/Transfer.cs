using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Writes;

/// <summary>
/// Posts one entry at once: two or more legs, one per account, positive minutes, debits equal to credits,
/// all accounts open and in one ledger group, no limit passed.
/// </summary>
public sealed record Transfer(EntryKind Kind, IReadOnlyList<PostingLine> Postings) : LedgerCommand
{
    /// <summary>The common case: minutes from one account to another.</summary>
    public static Transfer Between(
        long debitAccountId, long creditAccountId, long amountMinutes, string idempotencyKey, string actorId,
        EntryKind kind = EntryKind.Exchange) =>
        new(kind, [PostingLine.Debit(debitAccountId, amountMinutes), PostingLine.Credit(creditAccountId, amountMinutes)])
        {
            IdempotencyKey = idempotencyKey,
            ActorId = actorId,
        };

    internal const long MaxAmountMinutes = 1_000_000L * 366 * 24 * 60;

    internal override string CommandType => "Transfer";

    internal override void WriteContent(CanonicalWriter writer)
    {
        writer.Add("kind", Kind.ToString());
        foreach (var posting in Postings ?? [])
        {
            writer.Add("account", posting.AccountId);
            writer.Add("side", posting.Side.ToString());
            writer.Add("amount", posting.AmountMinutes);
        }
    }

    internal override LedgerResult Apply(LedgerSession session)
    {
        if (Kind == EntryKind.Reversal)
        {
            return LedgerResult.Rejected(LedgerStatus.InvalidKind);
        }
        var shape = CheckShape(Postings);
        if (shape != LedgerStatus.Ok)
        {
            return LedgerResult.Rejected(shape);
        }
        var loaded = session.LoadAccounts(Postings.Select(p => p.AccountId), out var accounts);
        if (loaded != LedgerStatus.Ok)
        {
            return LedgerResult.Rejected(loaded);
        }
        return session.PostEntry(this, Kind, Postings, accounts);
    }

    private static LedgerStatus CheckShape(IReadOnlyList<PostingLine>? postings)
    {
        if (postings is null || postings.Count < 2 || postings.Select(p => p.AccountId).Distinct().Count() != postings.Count)
        {
            return LedgerStatus.InvalidPostings;
        }
        if (postings.Any(p => p.AmountMinutes <= 0 || !Enum.IsDefined(p.Side)))
        {
            return LedgerStatus.InvalidAmount;
        }

        // Amounts beyond a million years of minutes are nonsense, and keeping them small rules out overflow.
        if (postings.Any(p => p.AmountMinutes > MaxAmountMinutes))
        {
            return LedgerStatus.InvalidAmount;
        }
        var debitMinutes = postings.Where(p => p.Side == PostingSide.Debit).Sum(p => p.AmountMinutes);
        var creditMinutes = postings.Where(p => p.Side == PostingSide.Credit).Sum(p => p.AmountMinutes);
        return debitMinutes == creditMinutes ? LedgerStatus.Ok : LedgerStatus.InvalidPostings;
    }
}
