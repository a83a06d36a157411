using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// A digest of every row of every table of a SQLite database, one line per table (<c>Members: 7 rows 3F2A…</c>), so a
/// test that compares it before and after a request sees any write, and a failure names the table that changed. The
/// tables are read from <c>sqlite_master</c>, so a table added later (the ledger's, the audit trail's) is covered
/// without anyone adding it here.
/// </summary>
/// <remarks>
/// Left out, each because it changes without any request writing the time bank's data:
/// <list type="bullet">
/// <item><c>OutboxMarks.DispatchedThroughId</c>: the dispatcher marks events sent in the background, after the request
/// that wrote them ended, whoever calls next (the events' rows themselves are compared).</item>
/// <item><c>sqlite_stat1</c> to <c>sqlite_stat4</c>: SQLite's planner statistics, which <c>ANALYZE</c> and
/// <c>PRAGMA optimize</c> may rewrite on any connection.</item>
/// <item><c>__EFMigrationsHistory</c>: written by migrations at start only.</item>
/// </list>
/// <c>sqlite_sequence</c> is kept: a write that inserts a row and deletes it again still moves it. Login throttles and
/// rate limits live in memory, not in the database, so reads that count against them change nothing here.
/// </remarks>
public static class DatabaseFingerprint
{
    /// <summary>Columns a background job may change after a request ended, whoever called.</summary>
    public static readonly IReadOnlySet<(string Table, string Column)> VolatileColumns = new HashSet<(string, string)> { ("OutboxMarks", "DispatchedThroughId") };

    /// <summary>The fingerprint of the API's database in <paramref name="app"/>'s data folder.</summary>
    public static string Of(TimeBankApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Of(Path.Combine(app.DataDirectory, "timebank.db"));
    }

    /// <summary>The fingerprint of the database file <paramref name="databaseFile"/>, read through a connection of its own.</summary>
    public static string Of(string databaseFile)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False;Mode=ReadOnly");
        connection.Open();
        return Of(connection);
    }

    /// <summary>The fingerprint of the database open on <paramref name="connection"/> (e.g. an in-memory one).</summary>
    public static string Of(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' AND name <> '__EFMigrationsHistory'
                ORDER BY name
                """;
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var lines = new List<string>();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!VolatileColumns.Contains((table, reader.GetName(i))))
                    {
                        row.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is byte[] bytes ? Convert.ToBase64String(bytes)
                            : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('\u001f');
                    }
                }
                rows.Add(row.ToString());
            }
            // Row order is the engine's business (a vacuum or a new index may change it); the rows are what count.
            rows.Sort(StringComparer.Ordinal);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows))))[..16];
            lines.Add($"{table}: {rows.Count} rows {hash}");
        }
        return string.Join('\n', lines);
    }
}
