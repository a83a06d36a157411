using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger.Reads;

public static class BalanceQueries
{
    /// <summary>
    /// The account's posted balance as it stood at <paramref name="at"/> (recorded time): the running balance
    /// of its last posting recorded by then, found by two index seeks. Zero before its first posting.
    /// </summary>
    public static Task<long> GetBalanceAtAsync(this DbContext context, long accountId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            // Recorded time never decreases along the sequence, so the cut is a sequence number: the last entry
            // recorded by then (ordered on the time index, not MAX(), so it is a seek rather than a range scan).
            await using var command = LedgerConnection.Command(connection, transaction, """
                SELECT "BalanceAfterMinutes" FROM "LedgerPostings"
                WHERE "AccountId" = @account
                  AND "EntrySequence" <= (SELECT "Sequence" FROM "LedgerEntries" WHERE "RecordedAtUnixMs" <= @at
                                          ORDER BY "RecordedAtUnixMs" DESC, "Sequence" DESC LIMIT 1)
                ORDER BY "EntrySequence" DESC LIMIT 1
                """, ("@account", accountId), ("@at", at.ToUnixTimeMilliseconds()));
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? 0L : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }, cancellationToken);
    }
}
