using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TimeBank.Api.Data;

/// <summary>
/// Sets the per-connection SQLite settings the ledger's durability depends on: WAL so readers never
/// block the writer, synchronous=FULL so an acknowledged commit survives power loss, foreign keys on,
/// and a busy timeout so a second writer waits instead of failing. A 32 MB page cache (SQLite's default is
/// 2 MB) keeps the index pages the ledger's writer touches warm between its transactions. secure_delete zeroes
/// what a delete or update frees, so erased personal data does not linger in free space of the file.
/// </summary>
/// <remarks>
/// Connections are pooled and the settings live as long as the native connection, so they are set once
/// per native connection, not on every open: four statements per query were a large part of a short read.
/// </remarks>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statements =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768; "
        + "PRAGMA secure_delete=ON;";

    private static readonly ConditionalWeakTable<object, object> Configured = [];
    private static readonly object Done = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Statements;
            command.ExecuteNonQuery();
            MarkConfigured(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Statements;
            await command.ExecuteNonQueryAsync(cancellationToken);
            MarkConfigured(connection);
        }
    }

    // Keyed on the native handle, which the pool keeps alive across opens; a connection of another kind is always new.
    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !Configured.TryGetValue(handle, out _);

    private static void MarkConfigured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            Configured.AddOrUpdate(handle, Done);
        }
    }
}
