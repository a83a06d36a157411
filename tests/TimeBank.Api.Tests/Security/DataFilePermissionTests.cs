using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// The data folder holds password and refresh-token hashes and the signing key: only the account the API runs as may
/// read it. Folder 0700, files 0600, including the -wal and -shm files SQLite creates after start. Unix file modes
/// only: on Windows the folder's ACL is inherited from where the operator put it, and these tests only check the files exist.
/// </summary>
public sealed class DataFilePermissionTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _parent = TempFolder.Create();

    [Fact]
    public async Task AFreshDataFolderAndItsDatabaseFilesAreOwnerOnly()
    {
        var folder = Path.Combine(_parent, "fresh");

        await StartAndQueryAsync(folder);

        AssertOwnerOnly(folder);
    }

    [Fact]
    public async Task AFolderAndDatabaseOthersCouldReadAreMadeOwnerOnlyAtStart()
    {
        // As an older version left them: everything readable by group and others.
        var folder = Path.Combine(_parent, "older");
        await StartAndQueryAsync(folder, "first@test.local");
        SqliteConnection.ClearAllPools();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            foreach (var file in Directory.GetFiles(folder))
            {
                File.SetUnixFileMode(file, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }

        await StartAndQueryAsync(folder, "second@test.local");

        AssertOwnerOnly(folder);
    }

    [Fact]
    public async Task WalFilesSqliteCreatesLaterAreOwnerOnlyToo()
    {
        var folder = Path.Combine(_parent, "later");
        await StartAndQueryAsync(folder);
        SqliteConnection.ClearAllPools();
        // The API is stopped and its last connection closed, so SQLite removed the -wal and -shm files; this opens the
        // database afresh and writes, as the next start would, and SQLite creates them again.
        Assert.False(File.Exists(Path.Combine(folder, "timebank.db-wal")));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "timebank.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE Later (Id INTEGER); INSERT INTO Later VALUES (1);";
            await command.ExecuteNonQueryAsync();
            Assert.True(File.Exists(Path.Combine(folder, "timebank.db-wal")));
            AssertOwnerOnly(folder);
        }
    }

    private static async Task StartAndQueryAsync(string folder, string email = "files@test.local")
    {
        await using var app = new TimeBankApplication();
        await using var configured = app.WithWebHostBuilder(builder => builder.UseSetting("TimeBank:DataDirectory", folder));
        await TokenRequests.PostAsync(configured, "{ __typename }", null);
        // SQLite deletes the -wal when the last connection to the database closes, and another test clearing every pool
        // in this process may close all of the API's at any moment; a connection of our own, outside the pools and with
        // the database read once, keeps the -wal there to be looked at.
        await using var holder = new SqliteConnection($"Data Source={Path.Combine(folder, "timebank.db")};Pooling=False");
        await holder.OpenAsync();
        await using (var read = holder.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master";
            await read.ExecuteScalarAsync();
        }
        // A write, so the database, its -wal and its -shm all exist.
        var register = await TokenRequests.PostAsync(configured,
            "mutation($input: RegisterInput!) { register(input: $input) { errors { code } } }",
            null, new { input = new { email, password = TimeBankApplication.Password } });
        Assert.Empty(register.Body["data"]!["register"]!["errors"]!.AsArray());
        Assert.True(File.Exists(Path.Combine(folder, "timebank.db-wal")));
        AssertOwnerOnly(folder);
    }

    private static void AssertOwnerOnly(string folder)
    {
        var files = Directory.GetFiles(folder);
        Assert.Contains(Path.Combine(folder, "timebank.db"), files);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder));
        foreach (var file in files)
        {
            var mode = File.GetUnixFileMode(file);
            Assert.True(mode == OwnerOnlyFile, $"{Path.GetFileName(file)} is {mode}");
        }
    }

    public void Dispose() => TempFolder.Delete(_parent);
}
