using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger.Reads;

public enum DiscrepancyKind
{
    EntryUnbalanced,
    AccountTotalsMismatch,
    RunningBalanceMismatch,
    LastBalanceMismatch,
    PendingMismatch,
    LedgerGroupNotZero,
    LimitPassed,
    ChainBroken,

    /// <summary>A community chain link's hash or previous hash is wrong, or its positions are not gapless.</summary>
    LinkBroken,

    /// <summary>A record of the group without its link, or a link naming a record the group does not have.</summary>
    LinkMissing,

    /// <summary>An account's current floor or ceiling differs from what its limit history (in the chain) says.</summary>
    LimitsMismatch,

    /// <summary>A closed period's stored balance, balance digest, last entry or chain head differs from the postings and chain.</summary>
    SnapshotMismatch,

    /// <summary>An entry's or hold's idempotency key has no record in the operations table (it was deleted, freeing the key).</summary>
    IdempotencyRecordMissing,
}

/// <summary>
/// One thing reconciliation found wrong, with the entry and/or account it concerns, or the chained record
/// (<see cref="RecordType"/> <c>entry</c>, <c>account</c>, <c>limits</c>, <c>close</c>, <c>hold</c> and its id).
/// </summary>
public sealed record LedgerDiscrepancy(
    DiscrepancyKind Kind, string Detail, long? EntrySequence = null, long? AccountId = null, string? RecordType = null, long? RecordId = null);

public static class Reconciliation
{
    /// <summary>
    /// Proves the ledger consistent with one streamed pass over the journal (chain, entries, running
    /// balances, posting limits, per-account sums) plus set-based SQL over accounts and holds; returns every
    /// discrepancy found, or an empty list when the books are clean.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerDiscrepancy>> ReconcileLedgerAsync(this DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            var accounts = new Dictionary<long, AccountTally>();
            await using (var command = LedgerConnection.Command(connection, transaction,
                """SELECT "Id", "FloorMinutes", "CeilingMinutes", "DebitsPostedMinutes", "CreditsPostedMinutes" FROM "LedgerAccounts" """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    accounts[reader.GetInt64(0)] = new AccountTally(
                        reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                        reader.GetInt64(3), reader.GetInt64(4));
                }
            }

            await using (var command = LedgerConnection.Command(connection, transaction,
                """SELECT "AccountId", "EffectiveFromSequence", "FloorMinutes", "CeilingMinutes" FROM "LedgerLimitChanges" ORDER BY "AccountId", "EffectiveFromSequence" """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (accounts.TryGetValue(reader.GetInt64(0), out var changed))
                    {
                        changed.LimitHistory.Add((reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
                    }
                }
            }

            // One streamed pass over the journal checks the chain, every entry, every running balance and
            // every posting's limits, and sums each account's postings on the way.
            var found = new List<LedgerDiscrepancy>();
            var chain = new ChainState();
            await JournalScan.ReadAsync(connection, transaction, (entry, storedHash, postings) =>
            {
                chain.Feed(entry, storedHash, postings);
                PostingTally.CheckEntry(entry.Sequence, postings, id => accounts.GetValueOrDefault(id),
                    posting => throw new InvalidOperationException($"entry {entry.Sequence} posts to account {posting.AccountId}, which does not exist"), found);
            }, cancellationToken);

            foreach (var (id, tally) in accounts)
            {
                if (tally.DebitsSummedMinutes != tally.DebitsStoredMinutes || tally.CreditsSummedMinutes != tally.CreditsStoredMinutes)
                {
                    found.Add(new(DiscrepancyKind.AccountTotalsMismatch,
                        $"account {id} stores debits {tally.DebitsStoredMinutes} / credits {tally.CreditsStoredMinutes}, its postings sum to {tally.DebitsSummedMinutes} / {tally.CreditsSummedMinutes}",
                        AccountId: id));
                }
                var storedBalance = tally.CreditsStoredMinutes - tally.DebitsStoredMinutes;
                if (tally.LastBalanceMinutes != storedBalance)
                {
                    found.Add(new(DiscrepancyKind.LastBalanceMismatch,
                        $"account {id} stores balance {storedBalance}, its last running balance is {tally.LastBalanceMinutes}", AccountId: id));
                }
            }

            async Task Collect(string sql, Func<DbDataReader, LedgerDiscrepancy> map)
            {
                await using var command = LedgerConnection.Command(connection, transaction, sql);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(map(reader));
                }
            }

            await Collect("""
                SELECT a."Id", a."DebitsPendingMinutes", a."CreditsPendingMinutes", COALESCE(hd."Minutes", 0), COALESCE(hc."Minutes", 0)
                FROM "LedgerAccounts" a
                LEFT JOIN (SELECT "DebitAccountId" AS "Id", SUM("AmountMinutes") AS "Minutes" FROM "LedgerHolds"
                           WHERE "Status" = 'Pending' GROUP BY "DebitAccountId") hd ON hd."Id" = a."Id"
                LEFT JOIN (SELECT "CreditAccountId" AS "Id", SUM("AmountMinutes") AS "Minutes" FROM "LedgerHolds"
                           WHERE "Status" = 'Pending' GROUP BY "CreditAccountId") hc ON hc."Id" = a."Id"
                WHERE a."DebitsPendingMinutes" <> COALESCE(hd."Minutes", 0) OR a."CreditsPendingMinutes" <> COALESCE(hc."Minutes", 0)
                """,
                r => new(DiscrepancyKind.PendingMismatch,
                    $"account {r.GetInt64(0)} stores pending debits {r.GetInt64(1)} / credits {r.GetInt64(2)}, open holds sum to {r.GetInt64(3)} / {r.GetInt64(4)}",
                    AccountId: r.GetInt64(0)));

            await Collect("""
                SELECT "LedgerGroup", SUM("CreditsPostedMinutes" - "DebitsPostedMinutes"), SUM("CreditsPendingMinutes" - "DebitsPendingMinutes")
                FROM "LedgerAccounts" GROUP BY "LedgerGroup"
                HAVING SUM("CreditsPostedMinutes" - "DebitsPostedMinutes") <> 0 OR SUM("CreditsPendingMinutes" - "DebitsPendingMinutes") <> 0
                """,
                r => new(DiscrepancyKind.LedgerGroupNotZero,
                    $"ledger group {r.GetString(0)} sums to {r.GetInt64(1)} posted and {r.GetInt64(2)} pending, not zero"));

            await Collect("""
                SELECT "Id", "CreditsPostedMinutes" - "DebitsPostedMinutes" - "DebitsPendingMinutes",
                       "CreditsPostedMinutes" - "DebitsPostedMinutes" + "CreditsPendingMinutes"
                FROM "LedgerAccounts" a
                WHERE ("CreditsPostedMinutes" - "DebitsPostedMinutes" - "DebitsPendingMinutes" < "FloorMinutes"
                       OR "CreditsPostedMinutes" - "DebitsPostedMinutes" + "CreditsPendingMinutes" > "CeilingMinutes")
                  -- an account whose limits changed may sit outside the new ones; its postings are checked above
                  AND NOT EXISTS (SELECT 1 FROM "LedgerLimitChanges" c WHERE c."AccountId" = a."Id")
                """,
                r => new(DiscrepancyKind.LimitPassed,
                    $"account {r.GetInt64(0)} is outside its limits with holds counted (available {r.GetInt64(1)}, reachable {r.GetInt64(2)})",
                    AccountId: r.GetInt64(0)));

            // A deleted operations row frees its idempotency key for a second, different write.
            await Collect("""
                SELECT e."Sequence", e."IdempotencyKey" FROM "LedgerEntries" e
                WHERE NOT EXISTS (SELECT 1 FROM "LedgerOperations" o WHERE o."IdempotencyKey" = e."IdempotencyKey")
                """,
                r => new(DiscrepancyKind.IdempotencyRecordMissing,
                    $"entry {r.GetInt64(0)} has idempotency key {r.GetString(1)}, which has no operations record", r.GetInt64(0),
                    RecordType: "entry", RecordId: r.GetInt64(0)));
            await Collect("""
                SELECT h."Id", h."IdempotencyKey" FROM "LedgerHolds" h
                WHERE NOT EXISTS (SELECT 1 FROM "LedgerOperations" o WHERE o."IdempotencyKey" = h."IdempotencyKey")
                """,
                r => new(DiscrepancyKind.IdempotencyRecordMissing,
                    $"hold {r.GetInt64(0)} has idempotency key {r.GetString(1)}, which has no operations record",
                    RecordType: "hold", RecordId: r.GetInt64(0)));

            if (chain.Result is { IsValid: false } broken)
            {
                found.Add(new LedgerDiscrepancy(DiscrepancyKind.ChainBroken,
                    $"hash chain breaks at entry {broken.FirstBrokenSequence}: {broken.Reason}", broken.FirstBrokenSequence));
            }
            return (IReadOnlyList<LedgerDiscrepancy>)found;
        }, cancellationToken);
    }

    private sealed class AccountTally(long? floorMinutes, long? ceilingMinutes, long debitsStoredMinutes, long creditsStoredMinutes) : PostingTally
    {
        public long? FloorMinutes { get; } = floorMinutes;

        public long? CeilingMinutes { get; } = ceilingMinutes;

        public long DebitsStoredMinutes { get; } = debitsStoredMinutes;

        public long CreditsStoredMinutes { get; } = creditsStoredMinutes;

        /// <summary>(effective from sequence, floor, ceiling), in order; empty when the limits never changed.</summary>
        public List<(long FromSequence, long? FloorMinutes, long? CeilingMinutes)> LimitHistory { get; } = [];

        public override (long? FloorMinutes, long? CeilingMinutes) LimitsAt(long sequence) =>
            LimitsAt(LimitHistory, c => c, sequence, (FloorMinutes, CeilingMinutes));
    }
}
