using TimeBank.Api.Operations.Backup;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Operations.Backup;

public sealed class BackupCommandTests(BackupFixture fixture) : IClassFixture<BackupFixture>
{
    [Fact]
    public void ABackupOfARunningApiHoldsItsDatabaseAndSaysItsChainHead()
    {
        var live = BackupVerbs.ChainHeadOf(Path.Combine(fixture.App.DataDirectory, "timebank.db"));

        Assert.Contains($"chain head {live},", fixture.BackupOutput, StringComparison.Ordinal);
        Assert.Contains("verified", fixture.BackupOutput, StringComparison.Ordinal);
        Assert.Equal(DatabaseFingerprint.Of(fixture.App), DatabaseFingerprint.Of(fixture.Backup));
    }

    [Fact]
    public void TheBackupIsOneSelfContainedFile()
    {
        Assert.False(File.Exists(fixture.Backup + "-wal"));
        Assert.False(File.Exists(fixture.Backup + "-journal"));
        using var stream = File.OpenRead(fixture.Backup);
        var header = new byte[20];
        stream.ReadExactly(header);
        // File format bytes 18 and 19 are 1 for a rollback journal, 2 for WAL (which would need a -wal file beside it).
        Assert.Equal(new byte[] { 1, 1 }, header[18..20]);
    }

    [Fact]
    public async Task ABackupWhereAFileExistsIsRefusedAndTheFileLeftAlone()
    {
        var existing = Path.Combine(fixture.Folder, "existing.db");
        await File.WriteAllTextAsync(existing, "keep me");

        var (exitCode, _, error) = await BackupVerbs.BackupAsync(fixture.App.DataDirectory, existing);

        Assert.Equal(1, exitCode);
        Assert.Contains("never overwrites", error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task ABackupOfAFolderWithoutADatabaseSaysSoInOneLine()
    {
        var target = Path.Combine(fixture.Folder, "of-nothing.db");

        var (exitCode, _, error) = await BackupVerbs.BackupAsync(fixture.NewDataFolder(), target);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("timebank backup: there is no database file", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("backup")]
    [InlineData("backup", "a.db", "b.db")]
    public async Task AMistypedBackupPrintsHowToUseIt(params string[] args)
    {
        var (exitCode, _, error) = await BackupVerbs.RunAsync(BackupCommand.RunAsync, args);

        Assert.Equal(2, exitCode);
        Assert.Contains("backup FILE", error, StringComparison.Ordinal);
    }
}
