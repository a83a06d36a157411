using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Operations.Backup;

/// <summary>
/// A deployment running in memory with a community whose members hold their joining grants, and one backup of it taken
/// with the <c>backup</c> verb while it runs.
/// </summary>
public sealed class BackupFixture : IAsyncLifetime
{
    public TimeBankApplication App { get; } = new();

    /// <summary>A folder of the test's own for backups and restores.</summary>
    public string Folder { get; } = TempFolder.Create();

    public string Backup => Path.Combine(Folder, "demo-backup.db");

    /// <summary>What the verb printed.</summary>
    public string BackupOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await TestCommunity.CreateAsync(App, await App.RegisterAsync(TimeBankApplication.AdminEmail), "backup", "maria", "tom");
        var (exitCode, output, error) = await BackupVerbs.BackupAsync(App.DataDirectory, Backup);
        Assert.True(exitCode == 0, error);
        BackupOutput = output;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        TempFolder.Delete(Folder);
    }

    /// <summary>A copy of the backup in a new file, for a test that spoils or restores it.</summary>
    public string CopyOfBackup()
    {
        var copy = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".db");
        File.Copy(Backup, copy);
        return copy;
    }

    /// <summary>A new empty data folder inside <see cref="Folder"/>.</summary>
    public string NewDataFolder()
    {
        var folder = Path.Combine(Folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
