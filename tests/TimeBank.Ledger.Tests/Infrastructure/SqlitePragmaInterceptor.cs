using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TimeBank.Ledger.Tests.Infrastructure;

/// <summary>The same per-connection settings the API uses, so tests run under production durability.</summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public const string Statements =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";

    public static readonly SqlitePragmaInterceptor Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
