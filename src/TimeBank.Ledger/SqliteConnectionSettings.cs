using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TimeBank.Ledger;

/// <summary>One SQLite setting, as <c>PRAGMA name=value</c>; the value is written the way SQLite reads it back.</summary>
public sealed record SqliteSetting(string Pragma, string Value);

/// <summary>
/// The per-connection SQLite settings the ledger's durability depends on, in one place for the API, the tests,
/// the benchmarks and the crash writer: WAL so readers never block the writer, synchronous=FULL so an
/// acknowledged commit survives power loss, foreign keys on, a busy timeout so a second writer waits instead of
/// failing, a 32 MB page cache (SQLite's default is 2 MB) that keeps the index pages the writer touches warm
/// between its transactions, and secure_delete so what a delete or update frees (an erased memo, say) is zeroed
/// rather than left in the file's free space.
/// </summary>
/// <remarks>
/// Connections are pooled and the settings live as long as the native connection, so they are set once per
/// native connection, not on every open: six statements per query were a large part of a short read.
/// </remarks>
public sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    /// <summary>The settings; <c>synchronous=2</c> is FULL, <c>1</c> is ON, <c>cache_size</c> is negative KiB.</summary>
    public static IReadOnlyList<SqliteSetting> Settings { get; } =
    [
        new("journal_mode", "wal"),
        new("synchronous", "2"),
        new("foreign_keys", "1"),
        new("busy_timeout", "5000"),
        new("cache_size", "-32768"),
        new("secure_delete", "1"),
    ];

    /// <summary>The settings as one batch of <c>PRAGMA</c> statements.</summary>
    public static string Statements { get; } = string.Join(" ", Settings.Select(s => $"PRAGMA {s.Pragma}={s.Value};"));

    /// <summary>Stateless (what is configured is tracked per native connection), so one instance serves every context.</summary>
    public static SqliteConnectionSettings Instance { get; } = new();

    private static readonly ConditionalWeakTable<object, object> Configured = [];
    private static readonly object Done = new();

    private SqliteConnectionSettings()
    {
    }

    /// <summary>Applies the settings to an open connection that no DbContext manages (a raw ADO.NET connection).</summary>
    public static void Apply(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
        MarkConfigured(connection);
    }

    /// <summary>
    /// Whether an open connection really runs in WAL mode: a file's is; an in-memory database stays in "memory" whatever
    /// <see cref="Settings"/> asks.
    /// </summary>
    public static bool InWalMode(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What an open connection runs with, one value per setting of <see cref="Settings"/>, read back from SQLite.</summary>
    public static async Task<IReadOnlyList<SqliteSetting>> ReadAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var values = new List<SqliteSetting>(Settings.Count);
        foreach (var setting in Settings)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {setting.Pragma}";
            values.Add(setting with { Value = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "" });
        }
        return values;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            Apply(connection);
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
