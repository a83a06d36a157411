using Microsoft.Data.Sqlite;

namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// Copies the live database into a new file while the API serves traffic, with <c>VACUUM INTO</c>: one read
/// transaction, so the copy is the database as it stood at one commit, WAL included, and the writer goes on meanwhile
/// (a WAL reader never blocks it). A file copy of a WAL database could pair a main file and a WAL from different moments.
/// </summary>
public static class OnlineBackup
{
    /// <summary>Owner read and write only: the copy holds password and token hashes, as the database does.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Writes the database at <paramref name="sourceConnectionString"/> into <paramref name="target"/>, a file that must
    /// not exist yet; it is created owner-only before a byte is written, and removed again if the copy fails.
    /// </summary>
    public static async Task TakeAsync(string sourceConnectionString, string target, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(sourceConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        if (source.DataSource is ":memory:" || source.Mode == SqliteOpenMode.Memory || !File.Exists(Path.GetFullPath(source.DataSource)))
        {
            throw new BackupException($"there is no database file at '{source.DataSource}' to back up (start the API once first).");
        }
        CreateOwnerOnly(target);
        try
        {
            await using (var connection = new SqliteConnection(source.ToString()))
            {
                await connection.OpenAsync(cancellationToken);
                await using (var wait = connection.CreateCommand())
                {
                    wait.CommandText = "PRAGMA busy_timeout=5000";
                    await wait.ExecuteNonQueryAsync(cancellationToken);
                }
                // Its own command: a failure of a batch's later statement can go unreported. VACUUM INTO accepts an empty
                // file, so the owner-only file made above is the one it fills.
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $target";
                vacuum.Parameters.AddWithValue("$target", target);
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
            }
            // One self-contained file: a rollback journal, never a WAL beside it.
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
            await copy.OpenAsync(cancellationToken);
            await using var mode = copy.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode=DELETE;";
            await mode.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }

    /// <summary>Creates an empty owner-only file, refusing one that exists: a backup never overwrites anything.</summary>
    public static void CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }
        try
        {
            using (new FileStream(path, options))
            {
            }
        }
        catch (IOException ex) when (File.Exists(path))
        {
            throw new BackupException($"'{path}' exists; a backup never overwrites a file, so name a new one.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"cannot create '{path}': {ex.Message}", ex);
        }
    }
}
