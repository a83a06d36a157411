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
}

/// <summary>One thing reconciliation found wrong, with the entry and/or account it concerns.</summary>
public sealed record LedgerDiscrepancy(DiscrepancyKind Kind, string Detail, long? EntrySequence = null, long? AccountId = null);

public static class Reconciliation
{
    /// <summary>
    /// Proves the ledger consistent with set-based SQL plus one streamed pass over the chain; returns every
    /// discrepancy found, or an empty list when the books are clean.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerDiscrepancy>> ReconcileLedgerAsync(this DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var found = await LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            var list = new List<LedgerDiscrepancy>();
            async Task Collect(string sql, Func<DbDataReader, LedgerDiscrepancy?> map)
            {
                await using var command = LedgerConnection.Command(connection, transaction, sql);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (map(reader) is { } discrepancy)
                    {
                        list.Add(discrepancy);
                    }
                }
            }

            await Collect($"""
                SELECT e."Sequence", COUNT(p."Index"), COALESCE(SUM({Debit("p")}), 0), COALESCE(SUM({Credit("p")}), 0)
                FROM "LedgerEntries" e LEFT JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
                GROUP BY e."Sequence"
                HAVING COUNT(p."Index") < 2 OR COALESCE(SUM({Debit("p")}), 0) <> COALESCE(SUM({Credit("p")}), 0)
                """,
                r => new(DiscrepancyKind.EntryUnbalanced,
                    $"entry {r.GetInt64(0)} has {r.GetInt64(1)} postings, debits {r.GetInt64(2)} and credits {r.GetInt64(3)}",
                    r.GetInt64(0)));

            await Collect($"""
                SELECT a."Id", a."DebitsPostedMinutes", a."CreditsPostedMinutes", COALESCE(s.d, 0), COALESCE(s.c, 0)
                FROM "LedgerAccounts" a LEFT JOIN (
                    SELECT "AccountId", SUM({Debit("p")}) AS d, SUM({Credit("p")}) AS c FROM "LedgerPostings" p GROUP BY "AccountId"
                ) s ON s."AccountId" = a."Id"
                WHERE a."DebitsPostedMinutes" <> COALESCE(s.d, 0) OR a."CreditsPostedMinutes" <> COALESCE(s.c, 0)
                """,
                r => new(DiscrepancyKind.AccountTotalsMismatch,
                    $"account {r.GetInt64(0)} stores debits {r.GetInt64(1)} / credits {r.GetInt64(2)}, its postings sum to {r.GetInt64(3)} / {r.GetInt64(4)}",
                    AccountId: r.GetInt64(0)));

            await Collect("""
                SELECT a."Id", a."CreditsPostedMinutes" - a."DebitsPostedMinutes",
                    (SELECT p."BalanceAfterMinutes" FROM "LedgerPostings" p WHERE p."AccountId" = a."Id" ORDER BY p."EntrySequence" DESC LIMIT 1)
                FROM "LedgerAccounts" a
                """,
                r =>
                {
                    var last = r.IsDBNull(2) ? 0 : r.GetInt64(2);
                    return last == r.GetInt64(1) ? null : new(DiscrepancyKind.LastBalanceMismatch,
                        $"account {r.GetInt64(0)} stores balance {r.GetInt64(1)}, its last running balance is {last}", AccountId: r.GetInt64(0));
                });

            await Collect("""
                SELECT "EntrySequence", "AccountId", "BalanceAfterMinutes", "PreviousMinutes" + "DeltaMinutes" FROM (
                    SELECT "EntrySequence", "AccountId", "BalanceAfterMinutes",
                        LAG("BalanceAfterMinutes", 1, 0) OVER (PARTITION BY "AccountId" ORDER BY "EntrySequence") AS "PreviousMinutes",
                        CASE "Side" WHEN 'Credit' THEN "AmountMinutes" WHEN 'Debit' THEN -"AmountMinutes" ELSE 0 END AS "DeltaMinutes"
                    FROM "LedgerPostings") t
                WHERE "PreviousMinutes" + "DeltaMinutes" <> "BalanceAfterMinutes"
                """,
                r => new(DiscrepancyKind.RunningBalanceMismatch,
                    $"entry {r.GetInt64(0)} records balance {r.GetInt64(2)} for account {r.GetInt64(1)}, its postings give {r.GetInt64(3)}",
                    r.GetInt64(0), r.GetInt64(1)));

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
                SELECT p."EntrySequence", p."AccountId", p."BalanceAfterMinutes" FROM "LedgerPostings" p
                JOIN "LedgerAccounts" a ON a."Id" = p."AccountId"
                WHERE p."BalanceAfterMinutes" < a."FloorMinutes" OR p."BalanceAfterMinutes" > a."CeilingMinutes"
                """,
                r => new(DiscrepancyKind.LimitPassed,
                    $"entry {r.GetInt64(0)} left account {r.GetInt64(1)} at {r.GetInt64(2)}, outside its limits", r.GetInt64(0), r.GetInt64(1)));

            await Collect("""
                SELECT "Id", "CreditsPostedMinutes" - "DebitsPostedMinutes" - "DebitsPendingMinutes",
                       "CreditsPostedMinutes" - "DebitsPostedMinutes" + "CreditsPendingMinutes"
                FROM "LedgerAccounts"
                WHERE "CreditsPostedMinutes" - "DebitsPostedMinutes" - "DebitsPendingMinutes" < "FloorMinutes"
                   OR "CreditsPostedMinutes" - "DebitsPostedMinutes" + "CreditsPendingMinutes" > "CeilingMinutes"
                """,
                r => new(DiscrepancyKind.LimitPassed,
                    $"account {r.GetInt64(0)} is outside its limits with holds counted (available {r.GetInt64(1)}, reachable {r.GetInt64(2)})",
                    AccountId: r.GetInt64(0)));
            return list;
        }, cancellationToken);

        var chain = await context.VerifyLedgerChainAsync(cancellationToken);
        if (!chain.IsValid)
        {
            found.Add(new LedgerDiscrepancy(DiscrepancyKind.ChainBroken,
                $"hash chain breaks at entry {chain.FirstBrokenSequence}: {chain.Reason}", chain.FirstBrokenSequence));
        }
        return found;
    }

    private static string Debit(string alias) => $"""CASE WHEN {alias}."Side" = 'Debit' THEN {alias}."AmountMinutes" ELSE 0 END""";

    private static string Credit(string alias) => $"""CASE WHEN {alias}."Side" = 'Credit' THEN {alias}."AmountMinutes" ELSE 0 END""";
}
