using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Ledger.Reads;

namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// Proves a database file before anyone relies on it: SQLite's <c>integrity_check</c> and <c>foreign_key_check</c>, its
/// schema against this version's migrations, the journal's hash chain recomputed, the deployment-wide reconciliation and
/// every community's (its chain, balances, holds, limits and closed periods). Any finding makes the file unsound.
/// </summary>
public static class BackupCheck
{
    /// <summary>
    /// Checks <paramref name="file"/>. With <paramref name="migrate"/> (a restore's own staging copy) a file made by an
    /// older version is brought to this version's schema first, as the API would at its start; without it the file is
    /// opened read-only and never changed.
    /// </summary>
    public static async Task<BackupReport> RunAsync(string file, bool migrate, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        long entries = 0, accounts = 0, communities = 0;
        long? headSequence = null;
        string? headHash = null;
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = migrate ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        try
        {
            await using var db = new TimeBankDbContext(new DbContextOptionsBuilder<TimeBankDbContext>().UseSqlite(connectionString).Options);
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await ListAsync(connection, "PRAGMA integrity_check(5)", r => r.GetString(0) is var line && line != "ok" ? line : null, problems, cancellationToken);
            if (problems.Count == 0)
            {
                await CheckSchemaAsync(db, migrate, problems, cancellationToken);
            }
            if (problems.Count == 0)
            {
                await ListAsync(connection, "PRAGMA foreign_key_check",
                    r => $"a row of {r.GetString(0)} names a missing row of {r.GetString(2)}", problems, cancellationToken);
                await CheckLedgerAsync(db, connection, problems, cancellationToken);
                entries = await CountAsync(connection, "SELECT COUNT(*) FROM \"LedgerEntries\"", cancellationToken);
                accounts = await CountAsync(connection, "SELECT COUNT(*) FROM \"LedgerAccounts\"", cancellationToken);
                communities = await CountAsync(connection, "SELECT COUNT(*) FROM \"Communities\"", cancellationToken);
                await using var head = connection.CreateCommand();
                head.CommandText = "SELECT \"Sequence\", \"Hash\" FROM \"LedgerEntries\" ORDER BY \"Sequence\" DESC LIMIT 1";
                await using var reader = await head.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    headSequence = reader.GetInt64(0);
                    headHash = reader.GetString(1);
                }
            }
        }
        catch (SqliteException ex)
        {
            problems.Add($"not a readable TimeBank database (SQLite error {ex.SqliteErrorCode}: {ex.Message})");
        }
        var size = System.IO.File.Exists(file) ? new FileInfo(file).Length : 0;
        return new BackupReport(file, size, entries, accounts, communities, headSequence, headHash, [.. problems.Take(BackupReport.MaxProblems)]);
    }

    private static async Task CheckSchemaAsync(TimeBankDbContext db, bool migrate, List<string> problems, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        var known = db.Database.GetMigrations().ToList();
        if (applied.Count == 0)
        {
            problems.Add("not a TimeBank database (it has no migration history)");
            return;
        }
        if (applied.Except(known).FirstOrDefault() is { } unknown)
        {
            problems.Add($"made by a newer TimeBank (migration {unknown} is unknown to this version)");
            return;
        }
        if (known.Except(applied).Any())
        {
            if (!migrate)
            {
                problems.Add("made by an older TimeBank (migrations pending); check it with that version, or restore it");
                return;
            }
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    private static async Task CheckLedgerAsync(TimeBankDbContext db, SqliteConnection connection, List<string> problems, CancellationToken cancellationToken)
    {
        var chain = await db.VerifyLedgerChainAsync(cancellationToken);
        if (!chain.IsValid)
        {
            problems.Add($"the journal's hash chain breaks at entry {chain.FirstBrokenSequence}: {chain.Reason}");
        }
        var discrepancies = await db.ReconcileLedgerAsync(cancellationToken);
        problems.AddRange(discrepancies.Select(d => $"reconciliation: {d.Kind}: {d.Detail}"));
        var groups = new List<string>();
        await ListAsync(connection, "SELECT DISTINCT \"LedgerGroup\" FROM \"LedgerAccounts\" UNION SELECT DISTINCT \"LedgerGroup\" FROM \"LedgerChainLinks\"",
            r => r.GetString(0), groups, cancellationToken);
        foreach (var group in groups)
        {
            var found = await db.ReconcileLedgerGroupAsync(group, cancellationToken);
            problems.AddRange(found.Discrepancies.Select(d => $"reconciliation of {group}: {d.Kind}: {d.Detail}"));
        }
    }

    private static async Task ListAsync(
        SqliteConnection connection, string sql, Func<SqliteDataReader, string?> read, List<string> into, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (read(reader) is { } line)
            {
                into.Add(line);
            }
        }
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
