using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Api.Tests.Operations.Backup;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// <c>restore</c> replaces the database only when nothing uses it and the backup proves sound: while an API runs on the
/// data folder (in this process or another), while another program is in a transaction on the database, and for a backup that was
/// damaged or whose ledger was edited, it refuses and leaves every file as it was. Add a case here for any new way a
/// restore could replace what it should not.
/// </summary>
public sealed class RestoreRefusalTests(BackupFixture fixture) : IClassFixture<BackupFixture>
{
    [Fact]
    public async Task RefusedWhileAnApiRunsOnTheDataFolderInThisProcess()
    {
        var before = DatabaseFingerprint.Of(fixture.App);

        var (exitCode, _, error) = await BackupVerbs.RestoreAsync(fixture.App.DataDirectory, fixture.CopyOfBackup());

        Assert.Equal(1, exitCode);
        Assert.Contains("an API is running on the data folder", error, StringComparison.Ordinal);
        Assert.Equal(before, DatabaseFingerprint.Of(fixture.App));
        Assert.Empty(BackupVerbs.FilesStartingWith(fixture.App.DataDirectory, "timebank.db."));
    }

    [Fact]
    public async Task RefusedWhileAnApiProcessRunsOnTheDataFolder()
    {
        var folder = fixture.NewDataFolder();
        await BackupVerbs.RestoreAsync(folder, fixture.Backup);
        using (var api = ApiProcess.Start(ApiProcess.FreePort(), new Dictionary<string, string> { ["TimeBank__DataDirectory"] = folder }))
        {
            await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

            var (exitCode, _, error) = await BackupVerbs.RestoreAsync(folder, fixture.CopyOfBackup());

            Assert.Equal(1, exitCode);
            Assert.Contains("an API is running on the data folder", error, StringComparison.Ordinal);
            Assert.Empty(BackupVerbs.FilesStartingWith(folder, "timebank.db.replaced-"));
            api.Terminate();
            await api.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        // The kernel released the lock with the process: the same restore now goes through.
        var (afterExit, _, afterError) = await BackupVerbs.RestoreAsync(folder, fixture.CopyOfBackup());
        Assert.True(afterExit == 0, afterError);
    }

    [Fact]
    public async Task RefusedWhileAnotherProgramIsInATransactionOnTheDatabase()
    {
        var folder = fixture.NewDataFolder();
        await BackupVerbs.RestoreAsync(folder, fixture.Backup);
        var database = Path.Combine(folder, "timebank.db");
        var before = DatabaseFingerprint.Of(database);
        // A sqlite3 shell, say, reading in a transaction: no data-folder lock, only SQLite's own.
        using (var other = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            other.Open();
            using var transaction = other.BeginTransaction();
            using var read = other.CreateCommand();
            read.Transaction = transaction;
            read.CommandText = "SELECT COUNT(*) FROM \"LedgerEntries\"";
            read.ExecuteScalar();

            var (exitCode, output, error) = await BackupVerbs.RestoreAsync(folder, fixture.CopyOfBackup());

            Assert.True(exitCode == 1, output);
            Assert.Contains("in use by another program", error, StringComparison.Ordinal);
        }
        Assert.Equal(before, DatabaseFingerprint.Of(database));
        Assert.Empty(BackupVerbs.FilesStartingWith(folder, "timebank.db."));
    }

    [Fact]
    public async Task ACorruptedBackupIsRefusedAndNothingReplaced()
    {
        var (folder, before) = await RestoredFolderAsync();
        var corrupted = fixture.CopyOfBackup();
        await using (var file = new FileStream(corrupted, FileMode.Open, FileAccess.ReadWrite))
        {
            var header = new byte[100];
            file.ReadExactly(header);
            var pageSize = (header[16] << 8) | header[17];
            // Flip the first bytes (the b-tree page header) of every third page after the schema page.
            for (long page = 1; (page + 1) * pageSize <= file.Length; page += 3)
            {
                var bytes = new byte[16];
                file.Position = page * pageSize;
                file.ReadExactly(bytes);
                file.Position = page * pageSize;
                file.Write([.. bytes.Select(b => (byte)~b)]);
            }
        }

        var (exitCode, _, error) = await BackupVerbs.RestoreAsync(folder, corrupted);

        Assert.Equal(1, exitCode);
        Assert.Contains("does not verify, nothing was replaced", error, StringComparison.Ordinal);
        AssertUntouched(folder, before);
    }

    [Fact]
    public async Task ABackupWhoseLedgerWasEditedIsRefusedAndNothingReplaced()
    {
        var (folder, before) = await RestoredFolderAsync();
        var tampered = fixture.CopyOfBackup();
        using (var connection = new SqliteConnection($"Data Source={tampered};Pooling=False"))
        {
            connection.Open();
            using var edit = connection.CreateCommand();
            // Someone with the file and a sqlite3 shell: the ledger's triggers are no obstacle to them.
            edit.CommandText = """
                DROP TRIGGER "LedgerPostings_NoUpdate";
                UPDATE "LedgerPostings" SET "AmountMinutes" = "AmountMinutes" + 60
                WHERE rowid = (SELECT MAX(rowid) FROM "LedgerPostings");
                """;
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        var (exitCode, _, error) = await BackupVerbs.RestoreAsync(folder, tampered);

        Assert.Equal(1, exitCode);
        Assert.Contains("does not verify, nothing was replaced", error, StringComparison.Ordinal);
        Assert.Contains("reconciliation", error, StringComparison.Ordinal);
        AssertUntouched(folder, before);
    }

    private async Task<(string Folder, string Fingerprint)> RestoredFolderAsync()
    {
        var folder = fixture.NewDataFolder();
        var (exitCode, _, error) = await BackupVerbs.RestoreAsync(folder, fixture.Backup);
        Assert.True(exitCode == 0, error);
        return (folder, DatabaseFingerprint.Of(Path.Combine(folder, "timebank.db")));
    }

    private static void AssertUntouched(string folder, string fingerprint)
    {
        Assert.Equal(fingerprint, DatabaseFingerprint.Of(Path.Combine(folder, "timebank.db")));
        // No staging copy left behind, and nothing moved aside.
        Assert.Empty(BackupVerbs.FilesStartingWith(folder, "timebank.db."));
    }
}
