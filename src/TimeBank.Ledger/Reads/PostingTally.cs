using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>
/// What reconciliation adds up for one account as it reads the journal in order: the amounts its postings debit and
/// credit, and the running balance its last posting stored. Both reconciliations (the whole database and one group)
/// check every entry the same way, with <see cref="CheckEntry"/>.
/// </summary>
internal abstract class PostingTally
{
    public long DebitsSummedMinutes { get; set; }

    public long CreditsSummedMinutes { get; set; }

    /// <summary>The stored running balance of the last posting seen.</summary>
    public long LastBalanceMinutes { get; set; }

    public long PostingsSeen { get; set; }

    /// <summary>The floor and ceiling in force at entry <paramref name="sequence"/>.</summary>
    public abstract (long? FloorMinutes, long? CeilingMinutes) LimitsAt(long sequence);

    /// <summary>
    /// Checks one entry and adds its postings to the accounts' tallies: the entry balances with at least two positive
    /// postings, each stored running balance follows from the one before it, and no posting moved an account further
    /// outside the limits in force then. <paramref name="tallyOf"/> is null for an account the caller does not know,
    /// which <paramref name="unknownAccount"/> reports its own way.
    /// </summary>
    public static void CheckEntry(
        long sequence, PostingRecord[] postings, Func<long, PostingTally?> tallyOf, Action<PostingRecord> unknownAccount, List<LedgerDiscrepancy> found)
    {
        ArgumentNullException.ThrowIfNull(postings);
        ArgumentNullException.ThrowIfNull(tallyOf);
        ArgumentNullException.ThrowIfNull(unknownAccount);
        ArgumentNullException.ThrowIfNull(found);
        long debitMinutes = 0, creditMinutes = 0;
        foreach (var posting in postings)
        {
            if (tallyOf(posting.AccountId) is not { } tally)
            {
                unknownAccount(posting);
                continue;
            }
            tally.PostingsSeen++;
            var deltaMinutes = posting.Side switch
            {
                PostingSide.Debit => -posting.AmountMinutes,
                PostingSide.Credit => posting.AmountMinutes,
                _ => 0,
            };
            if (posting.Side == PostingSide.Debit)
            {
                debitMinutes += posting.AmountMinutes;
                tally.DebitsSummedMinutes += posting.AmountMinutes;
            }
            else if (posting.Side == PostingSide.Credit)
            {
                creditMinutes += posting.AmountMinutes;
                tally.CreditsSummedMinutes += posting.AmountMinutes;
            }
            if (tally.LastBalanceMinutes + deltaMinutes != posting.BalanceAfterMinutes)
            {
                found.Add(new(DiscrepancyKind.RunningBalanceMismatch,
                    $"entry {sequence} records balance {posting.BalanceAfterMinutes} for account {posting.AccountId}, its postings give {tally.LastBalanceMinutes + deltaMinutes}",
                    sequence, posting.AccountId));
            }
            tally.LastBalanceMinutes = posting.BalanceAfterMinutes;
            // Moving further outside the limits in force then is the violation; a policy change may have left
            // an account outside, and moving back towards its limits is allowed.
            var (floorMinutes, ceilingMinutes) = tally.LimitsAt(sequence);
            if ((deltaMinutes < 0 && posting.BalanceAfterMinutes < floorMinutes) || (deltaMinutes > 0 && posting.BalanceAfterMinutes > ceilingMinutes))
            {
                found.Add(new(DiscrepancyKind.LimitPassed,
                    $"entry {sequence} left account {posting.AccountId} at {posting.BalanceAfterMinutes}, outside its limits", sequence, posting.AccountId));
            }
        }
        if (postings.Length < 2 || debitMinutes != creditMinutes || postings.Any(p => p.AmountMinutes <= 0))
        {
            found.Add(new(DiscrepancyKind.EntryUnbalanced,
                $"entry {sequence} has {postings.Length} postings, debits {debitMinutes} and credits {creditMinutes}", sequence));
        }
    }

    /// <summary>The limits of the last change at or before <paramref name="sequence"/>, else the account's own.</summary>
    protected static (long? FloorMinutes, long? CeilingMinutes) LimitsAt<T>(
        IReadOnlyList<T> changes, Func<T, (long FromSequence, long? FloorMinutes, long? CeilingMinutes)> of, long sequence, (long?, long?) own)
    {
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            var (fromSequence, floorMinutes, ceilingMinutes) = of(changes[i]);
            if (fromSequence <= sequence)
            {
                return (floorMinutes, ceilingMinutes);
            }
        }
        return own;
    }
}
