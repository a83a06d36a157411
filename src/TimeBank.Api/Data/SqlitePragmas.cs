using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TimeBank.Api.Data;

/// <summary>
/// Sets the per-connection SQLite settings the ledger's durability depends on: WAL so readers never
/// block the writer, synchronous=FULL so an acknowledged commit survives power loss, foreign keys on,
/// and a busy timeout so a second writer waits instead of failing.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statements =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
