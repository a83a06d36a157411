using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using TimeBank.Ledger.Reads;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// What one export reads: one ledger group's chain cut at the last link recorded at or before <see cref="AsOf"/>, inside
/// one read transaction, so every file of an evidence pack describes the same books.
/// </summary>
/// <param name="Connection">The open connection every file reads on.</param>
/// <param name="Transaction">The one read transaction they share.</param>
/// <param name="LedgerGroup">The group (community) exported.</param>
/// <param name="AsOf">The time the chain is cut at.</param>
/// <param name="HeadPosition">The last link of the cut; 0 when the group had no link by then.</param>
/// <param name="HeadHash">That link's hash; 64 zeros when there is none.</param>
/// <param name="LastEntrySequence">The last entry of the group in the cut; 0 when none (balances are read up to it).</param>
internal sealed record ExportSnapshot(
    DbConnection Connection, DbTransaction? Transaction, string LedgerGroup, DateTimeOffset AsOf, long HeadPosition, string HeadHash,
    long LastEntrySequence)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters) =>
        LedgerConnection.Command(Connection, Transaction, sql,
            [("@group", LedgerGroup), ("@head", HeadPosition), ("@lastEntry", LastEntrySequence), .. parameters]);

    /// <summary>
    /// Runs <paramref name="read"/> in one read transaction on the context's connection (deferred, so it takes no write
    /// lock: in WAL mode writers go on while a long export reads its snapshot), or in the context's own transaction.
    /// </summary>
    public static async Task<T> ReadAsync<T>(
        DbContext context, string ledgerGroup, DateTimeOffset asOf, Func<ExportSnapshot, Task<T>> read, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = context.Database.GetDbConnection();
            var outer = context.Database.CurrentTransaction?.GetDbTransaction();
            await using var own = outer is null ? ((SqliteConnection)connection).BeginTransaction(deferred: true) : null;
            var transaction = outer ?? own;
            var (headPosition, headHash) = await ReadHeadAsync(connection, transaction, ledgerGroup, asOf, cancellationToken);
            long lastEntry = 0;
            await using (var command = LedgerConnection.Command(connection, transaction, """
                SELECT "RecordId" FROM "LedgerChainLinks"
                WHERE "LedgerGroup" = @group AND "Position" <= @head AND "RecordType" = 'entry'
                ORDER BY "Position" DESC LIMIT 1
                """, ("@group", ledgerGroup), ("@head", headPosition)))
            {
                if (await command.ExecuteScalarAsync(cancellationToken) is long sequence)
                {
                    lastEntry = sequence;
                }
            }
            var result = await read(new ExportSnapshot(connection, transaction, ledgerGroup, asOf, headPosition, headHash, lastEntry));
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return result;
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private static async Task<(long Position, string Hash)> ReadHeadAsync(
        DbConnection connection, DbTransaction? transaction, string ledgerGroup, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var command = LedgerConnection.Command(connection, transaction, """
            SELECT "Position", "Hash" FROM "LedgerChainLinks"
            WHERE "LedgerGroup" = @group AND "RecordedAtUnixMs" <= @asOf
            ORDER BY "Position" DESC LIMIT 1
            """, ("@group", ledgerGroup), ("@asOf", asOf.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : (0, Genesis);
    }
}
