using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>
/// One line of a trial balance: the accounts of one kind (or all of them, <see cref="Kind"/> null), the sum of the
/// balances below zero (debit balances, as a positive number), the sum of those above zero (credit balances), and the
/// net, credits less debits.
/// </summary>
public sealed record TrialBalanceLine(AccountKind? Kind, long Accounts, long DebitBalanceMinutes, long CreditBalanceMinutes)
{
    public long NetMinutes => CreditBalanceMinutes - DebitBalanceMinutes;
}

/// <summary>
/// A ledger group's balances at one moment, per account kind (every kind, in enum order, also when it has no account)
/// and in total. The total's net is zero in a sound ledger: every entry's debits equal its credits.
/// </summary>
/// <param name="LedgerGroup">The group (community) the balance is of.</param>
/// <param name="AsOf">The moment asked for; null for the balances as they stand now.</param>
/// <param name="ThroughSequence">The last entry of the journal recorded by then (every group's), 0 before the first; null for now.</param>
/// <param name="Kinds">One line per account kind.</param>
/// <param name="Total">Every account of the group.</param>
public sealed record TrialBalance(string LedgerGroup, DateTimeOffset? AsOf, long? ThroughSequence, IReadOnlyList<TrialBalanceLine> Kinds, TrialBalanceLine Total)
{
    public bool IsBalanced => Total.NetMinutes == 0;
}

public static class TrialBalanceQuery
{
    /// <summary>
    /// The trial balance of <paramref name="ledgerGroup"/> as it stood at <paramref name="asOf"/> (recorded time; null:
    /// now). One statement: each account of the group opened by then is one seek on the postings' (AccountId,
    /// EntrySequence) index for its running balance after the last entry recorded by then, so the cost grows with the
    /// group's accounts, never with its journal. Without a time the accounts' own totals are read, with no seek at all.
    /// </summary>
    public static Task<TrialBalance> GetTrialBalanceAsync(
        this DbContext context, string ledgerGroup, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ledgerGroup);
        return LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            long? through = null;
            if (asOf is { } at)
            {
                // Recorded time never decreases along the sequence, so "by then" is a cut in the sequence (as GetBalanceAtAsync).
                await using var cut = LedgerConnection.Command(connection, transaction, """
                    SELECT "Sequence" FROM "LedgerEntries" WHERE "RecordedAtUnixMs" <= @at
                    ORDER BY "RecordedAtUnixMs" DESC, "Sequence" DESC LIMIT 1
                    """, ("@at", at.ToUnixTimeMilliseconds()));
                var value = await cut.ExecuteScalarAsync(cancellationToken);
                through = value is null or DBNull ? 0L : Convert.ToInt64(value, CultureInfo.InvariantCulture);
            }
            await using var command = LedgerConnection.Command(connection, transaction, through is null ? CurrentSql : AsOfSql,
                ("@group", ledgerGroup), ("@at", asOf?.ToUnixTimeMilliseconds()), ("@through", through));
            var found = new Dictionary<AccountKind, TrialBalanceLine>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var kind = Enum.Parse<AccountKind>(reader.GetString(0));
                    found[kind] = new TrialBalanceLine(kind, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                }
            }
            var kinds = Enum.GetValues<AccountKind>().Select(k => found.GetValueOrDefault(k) ?? new TrialBalanceLine(k, 0, 0, 0)).ToList();
            var total = new TrialBalanceLine(null, kinds.Sum(k => k.Accounts), kinds.Sum(k => k.DebitBalanceMinutes), kinds.Sum(k => k.CreditBalanceMinutes));
            return new TrialBalance(ledgerGroup, asOf, through, kinds, total);
        }, cancellationToken);
    }

    private const string CurrentSql = """
        SELECT "Kind", COUNT(*),
               COALESCE(SUM(CASE WHEN "Balance" < 0 THEN -"Balance" ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN "Balance" > 0 THEN "Balance" ELSE 0 END), 0)
        FROM (SELECT "Kind", "CreditsPostedMinutes" - "DebitsPostedMinutes" AS "Balance" FROM "LedgerAccounts" WHERE "LedgerGroup" = @group)
        GROUP BY "Kind"
        """;

    // The correlated subquery is the seek: the last posting of the account at or before the cut, newest first, LIMIT 1.
    private const string AsOfSql = """
        SELECT "Kind", COUNT(*),
               COALESCE(SUM(CASE WHEN "Balance" < 0 THEN -"Balance" ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN "Balance" > 0 THEN "Balance" ELSE 0 END), 0)
        FROM (SELECT a."Kind",
                     COALESCE((SELECT p."BalanceAfterMinutes" FROM "LedgerPostings" p
                               WHERE p."AccountId" = a."Id" AND p."EntrySequence" <= @through
                               ORDER BY p."EntrySequence" DESC LIMIT 1), 0) AS "Balance"
              FROM "LedgerAccounts" a
              WHERE a."LedgerGroup" = @group AND a."OpenedAtUnixMs" <= @at)
        GROUP BY "Kind"
        """;
}
