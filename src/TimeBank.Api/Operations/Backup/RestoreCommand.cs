using System.Globalization;
using Microsoft.Data.Sqlite;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// <c>TimeBank.Api restore FILE</c>: puts a backup in place of the data folder's database, only when no API runs on the
/// folder (<see cref="DataFolderLock"/>) and only after the backup verified (<see cref="BackupCheck"/>, on the very copy
/// that is put in place). The database it replaces is kept beside it, renamed with the time of the restore.
/// </summary>
public static class RestoreCommand
{
    private const string Usage = """
        usage: TimeBank.Api restore FILE   check the backup FILE, then make it the database (stop the API first)
        Settings as for the API, e.g. --TimeBank:DataDirectory=/srv/tb or TimeBank__DataDirectory.
        """;

    public static bool IsInvoked(string[] args) => args is ["restore", ..];

    /// <summary>Runs the command; 0 when restored, 1 when refused or failed (nothing replaced), 2 for a usage mistake.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var (words, settings) = OperatorSettings.Split(args);
        if (words is not [var file])
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        try
        {
            var operatorSettings = OperatorSettings.Read(settings);
            var (report, database, aside) = await RestoreAsync(Path.GetFullPath(file), operatorSettings, TimeProvider.System, default);
            await output.WriteLineAsync($"restored {report.File} into {database}: {report.Summary}"
                + (aside is null ? "" : $"; the database it replaced is kept at {aside}"));
            return 0;
        }
        catch (Exception ex) when (ex is BackupException or StartupException or SqliteException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"timebank restore: {ex.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Verifies a staging copy of <paramref name="backup"/> next to the database, moves the database aside and renames the
    /// copy into its place. Refused (nothing replaced) while an API runs on the folder, while any program has the
    /// database open, or when the backup does not verify.
    /// </summary>
    public static async Task<(BackupReport Report, string Database, string? Aside)> RestoreAsync(
        string backup, OperatorSettings settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var database = settings.DatabaseFile;
        if (!File.Exists(backup))
        {
            throw new BackupException($"there is no backup file '{backup}'.");
        }
        if (string.Equals(backup, database, StringComparison.Ordinal))
        {
            throw new BackupException($"'{backup}' is the database itself.");
        }
        using var folderLock = DataFolderLock.TryTake(settings.DataFolder, exclusive: true)
            ?? throw new BackupException($"an API is running on the data folder '{settings.DataFolder}' (it holds {DataFolderLock.FileName} there); stop it, then restore. Nothing was replaced.");
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var staging = $"{database}.restoring-{stamp}";
        try
        {
            OnlineBackup.CreateOwnerOnly(staging);
            await using (var from = new FileStream(backup, FileMode.Open, FileAccess.Read, FileShare.Read))
            await using (var to = new FileStream(staging, FileMode.Truncate, FileAccess.Write))
            {
                await from.CopyToAsync(to, cancellationToken);
            }
            var report = await BackupCheck.RunAsync(staging, migrate: true, cancellationToken);
            if (!report.IsSound)
            {
                throw new BackupException($"{backup} does not verify, nothing was replaced: {report.ProblemLine}");
            }
            await UseWalAsync(staging, cancellationToken);
            string? aside = null;
            if (File.Exists(database))
            {
                await CheckpointAloneAsync(database, cancellationToken);
                aside = $"{database}.replaced-{stamp}";
                MoveAside(database, aside);
            }
            File.Move(staging, database);
            return (report with { File = backup }, database, aside);
        }
        finally
        {
            foreach (var leftover in new[] { staging, staging + "-journal", staging + "-wal", staging + "-shm" })
            {
                File.Delete(leftover);
            }
        }
    }

    /// <summary>
    /// Takes SQLite's exclusive lock on the database, so a program in the middle of a transaction on it (a sqlite3 shell,
    /// a long read) makes the restore refuse, and folds any WAL into the main file, so the file kept aside is whole. An
    /// idle program holds no SQLite lock: <see cref="DataFolderLock"/> is what keeps a restore from under a running API.
    /// </summary>
    private static async Task CheckpointAloneAsync(string database, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = database,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
                DefaultTimeout = 1,
            }.ToString());
            await connection.OpenAsync(cancellationToken);
            // One command per statement: a batch's later statements run as its reader is disposed, where a busy lock was
            // not reported (a test found the restore going through beside a transaction).
            foreach (var sql in new[] { "PRAGMA locking_mode=EXCLUSIVE", "BEGIN EXCLUSIVE", "COMMIT", "PRAGMA wal_checkpoint(TRUNCATE)" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                }
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            // A damaged database (SQLITE_CORRUPT, SQLITE_NOTADB: often why one restores) cannot be checkpointed: it is
            // kept aside as it is, WAL and all.
        }
        catch (SqliteException ex)
        {
            throw new BackupException(
                $"the database '{database}' is in use by another program or cannot be locked (SQLite error {ex.SqliteErrorCode}: {ex.Message}); close it, then restore. Nothing was replaced.", ex);
        }
    }

    /// <summary>
    /// Switches the copy to WAL, as the API runs its database: the API's first look at the file is read-only, and a
    /// read-only connection cannot switch it.
    /// </summary>
    private static async Task UseWalAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void MoveAside(string database, string aside)
    {
        File.Move(database, aside);
        foreach (var suffix in new[] { "-wal", "-journal" })
        {
            if (File.Exists(database + suffix))
            {
                File.Move(database + suffix, aside + suffix);
            }
        }
        // The shared-memory index is rebuilt from the WAL by whoever opens the file next.
        File.Delete(database + "-shm");
    }
}
