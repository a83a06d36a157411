using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>
/// The ledger's rules written the simplest way, in memory: the simulation checks the real ledger against it
/// after every step.
/// </summary>
internal sealed class BookModel
{
    private readonly Dictionary<string, (string RequestHash, LedgerResult Result)> _accepted = [];
    private readonly List<IReadOnlyList<PostingLine>> _entries = [];
    private readonly HashSet<long> _reversed = [];

    public Dictionary<long, Account> Accounts { get; } = [];

    public Dictionary<long, Hold> Holds { get; } = [];

    public long NowUnixMs { get; set; }

    public int EntryCount => _entries.Count;

    public LedgerResult Execute(LedgerCommand command)
    {
        var requestHash = command.ComputeRequestHash();
        if (_accepted.TryGetValue(command.IdempotencyKey, out var previous))
        {
            return previous.RequestHash == requestHash ? previous.Result with { IsReplay = true } : new LedgerResult(LedgerStatus.IdempotencyConflict);
        }
        var result = command switch
        {
            Transfer transfer => Post(transfer.Postings, transfer.Kind == EntryKind.Reversal ? LedgerStatus.InvalidKind : Shape(transfer.Postings)),
            PlaceHold place => Place(place),
            PostHold post => PostHold(post),
            VoidHold voidHold => Void(voidHold.HoldId),
            ReverseEntry reverse => Reverse(reverse.EntrySequence),
            ExpireHolds => Expire(),
            _ => throw new NotSupportedException(command.GetType().Name),
        };
        if (result.Succeeded)
        {
            _accepted[command.IdempotencyKey] = (requestHash, result);
        }
        return result;
    }

    private static LedgerStatus Shape(IReadOnlyList<PostingLine> postings)
    {
        if (postings.Count < 2 || postings.Select(p => p.AccountId).Distinct().Count() != postings.Count)
        {
            return LedgerStatus.InvalidPostings;
        }
        if (postings.Any(p => p.AmountMinutes <= 0))
        {
            return LedgerStatus.InvalidAmount;
        }
        return postings.Where(p => p.Side == PostingSide.Debit).Sum(p => p.AmountMinutes) ==
               postings.Where(p => p.Side == PostingSide.Credit).Sum(p => p.AmountMinutes)
            ? LedgerStatus.Ok
            : LedgerStatus.InvalidPostings;
    }

    private LedgerResult Post(IReadOnlyList<PostingLine> legs, LedgerStatus shape, Action? releaseFirst = null, long? holdId = null)
    {
        if (shape != LedgerStatus.Ok)
        {
            return new LedgerResult(shape);
        }
        if (legs.Any(l => !Accounts.ContainsKey(l.AccountId)))
        {
            return new LedgerResult(LedgerStatus.AccountNotFound);
        }
        var touched = legs.Select(l => Accounts[l.AccountId]).ToList();
        var saved = touched.Select(a => a.Copy()).ToList();
        // Like the ledger, limits compare with the account as loaded, before a hold's release.
        var before = touched.Select(a => (a.AvailableMinutes, a.ReachableMinutes)).ToList();
        releaseFirst?.Invoke();
        foreach (var leg in legs)
        {
            Accounts[leg.AccountId].Apply(leg);
        }
        for (var i = 0; i < legs.Count; i++)
        {
            var status = touched[i].Check(before[i].AvailableMinutes, before[i].ReachableMinutes);
            if (status != LedgerStatus.Ok)
            {
                for (var j = 0; j < touched.Count; j++)
                {
                    touched[j].Restore(saved[j]);
                }
                return new LedgerResult(status);
            }
        }
        _entries.Add(legs);
        return new LedgerResult(LedgerStatus.Ok) { EntrySequence = _entries.Count, HoldId = holdId };
    }

    private LedgerResult Place(PlaceHold place)
    {
        if (place.DebitAccountId == place.CreditAccountId)
        {
            return new LedgerResult(LedgerStatus.InvalidPostings);
        }
        if (place.AmountMinutes <= 0)
        {
            return new LedgerResult(LedgerStatus.InvalidAmount);
        }
        if (!Accounts.TryGetValue(place.DebitAccountId, out var debit) || !Accounts.TryGetValue(place.CreditAccountId, out var credit))
        {
            return new LedgerResult(LedgerStatus.AccountNotFound);
        }
        var (debitAvailable, creditReachable) = (debit.AvailableMinutes, credit.ReachableMinutes);
        debit.DebitsPendingMinutes += place.AmountMinutes;
        credit.CreditsPendingMinutes += place.AmountMinutes;
        var status = debit.Check(debitAvailable, debit.ReachableMinutes);
        if (status == LedgerStatus.Ok)
        {
            status = credit.Check(credit.AvailableMinutes, creditReachable);
        }
        if (status != LedgerStatus.Ok)
        {
            debit.DebitsPendingMinutes -= place.AmountMinutes;
            credit.CreditsPendingMinutes -= place.AmountMinutes;
            return new LedgerResult(status);
        }
        var hold = new Hold(Holds.Count + 1, place.DebitAccountId, place.CreditAccountId, place.AmountMinutes, place.ExpiresAt?.ToUnixTimeMilliseconds());
        Holds.Add(hold.Id, hold);
        return new LedgerResult(LedgerStatus.Ok) { HoldId = hold.Id };
    }

    private LedgerResult PostHold(PostHold post)
    {
        if (post.AmountMinutes <= 0)
        {
            return new LedgerResult(LedgerStatus.InvalidAmount);
        }
        if (!Holds.TryGetValue(post.HoldId, out var hold))
        {
            return new LedgerResult(LedgerStatus.HoldNotFound);
        }
        if (hold.Status != HoldStatus.Pending)
        {
            return new LedgerResult(LedgerStatus.HoldNotPending);
        }
        if (hold.ExpiresAtUnixMs <= NowUnixMs)
        {
            return new LedgerResult(LedgerStatus.HoldExpired);
        }
        var minutes = post.AmountMinutes ?? hold.AmountMinutes;
        if (minutes > hold.AmountMinutes)
        {
            return new LedgerResult(LedgerStatus.AmountExceedsHold);
        }
        var result = Post([PostingLine.Debit(hold.DebitAccountId, minutes), PostingLine.Credit(hold.CreditAccountId, minutes)],
            LedgerStatus.Ok, () => Release(hold), hold.Id);
        if (result.Succeeded)
        {
            hold.Status = HoldStatus.Posted;
        }
        return result;
    }

    private LedgerResult Void(long holdId)
    {
        if (!Holds.TryGetValue(holdId, out var hold))
        {
            return new LedgerResult(LedgerStatus.HoldNotFound);
        }
        if (hold.Status != HoldStatus.Pending)
        {
            return new LedgerResult(LedgerStatus.HoldNotPending);
        }
        Release(hold);
        hold.Status = HoldStatus.Voided;
        return new LedgerResult(LedgerStatus.Ok) { HoldId = holdId };
    }

    private LedgerResult Expire()
    {
        var expired = Holds.Values.Where(h => h.Status == HoldStatus.Pending && h.ExpiresAtUnixMs <= NowUnixMs).ToList();
        foreach (var hold in expired)
        {
            Release(hold);
            hold.Status = HoldStatus.Expired;
        }
        return new LedgerResult(LedgerStatus.Ok) { AffectedCount = expired.Count };
    }

    private LedgerResult Reverse(long sequence)
    {
        if (sequence < 1 || sequence > _entries.Count)
        {
            return new LedgerResult(LedgerStatus.EntryNotFound);
        }
        if (_reversed.Contains(sequence))
        {
            return new LedgerResult(LedgerStatus.AlreadyReversed);
        }
        var mirrored = _entries[(int)sequence - 1]
            .Select(p => p with { Side = p.Side == PostingSide.Debit ? PostingSide.Credit : PostingSide.Debit }).ToList();
        var result = Post(mirrored, LedgerStatus.Ok);
        if (result.Succeeded)
        {
            _reversed.Add(sequence);
        }
        return result;
    }

    private void Release(Hold hold)
    {
        Accounts[hold.DebitAccountId].DebitsPendingMinutes -= hold.AmountMinutes;
        Accounts[hold.CreditAccountId].CreditsPendingMinutes -= hold.AmountMinutes;
    }

    internal sealed record Hold(long Id, long DebitAccountId, long CreditAccountId, long AmountMinutes, long? ExpiresAtUnixMs)
    {
        public HoldStatus Status { get; set; } = HoldStatus.Pending;
    }

    internal sealed class Account(long? floorMinutes, long? ceilingMinutes)
    {
        public long? FloorMinutes { get; } = floorMinutes;

        public long? CeilingMinutes { get; } = ceilingMinutes;

        public long DebitsPostedMinutes { get; set; }

        public long CreditsPostedMinutes { get; set; }

        public long DebitsPendingMinutes { get; set; }

        public long CreditsPendingMinutes { get; set; }

        public long BalanceMinutes => CreditsPostedMinutes - DebitsPostedMinutes;

        public long AvailableMinutes => BalanceMinutes - DebitsPendingMinutes;

        public long ReachableMinutes => BalanceMinutes + CreditsPendingMinutes;

        public (long, long, long, long) Totals => (DebitsPostedMinutes, CreditsPostedMinutes, DebitsPendingMinutes, CreditsPendingMinutes);

        public void Apply(PostingLine leg)
        {
            if (leg.Side == PostingSide.Debit)
            {
                DebitsPostedMinutes += leg.AmountMinutes;
            }
            else
            {
                CreditsPostedMinutes += leg.AmountMinutes;
            }
        }

        public LedgerStatus Check(long availableBefore, long reachableBefore) =>
            FloorMinutes is { } floor && AvailableMinutes < floor && AvailableMinutes < availableBefore ? LedgerStatus.ExceedsFloor
            : CeilingMinutes is { } ceiling && ReachableMinutes > ceiling && ReachableMinutes > reachableBefore ? LedgerStatus.ExceedsCeiling
            : LedgerStatus.Ok;

        public Account Copy() => (Account)MemberwiseClone();

        public void Restore(Account saved)
        {
            DebitsPostedMinutes = saved.DebitsPostedMinutes;
            CreditsPostedMinutes = saved.CreditsPostedMinutes;
            DebitsPendingMinutes = saved.DebitsPendingMinutes;
            CreditsPendingMinutes = saved.CreditsPendingMinutes;
        }
    }
}
