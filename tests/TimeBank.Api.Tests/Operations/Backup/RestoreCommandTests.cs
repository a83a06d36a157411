using TimeBank.Api.Operations.Backup;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Operations.Backup;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // File modes are Unix's; Windows inherits the folder's ACL.
public sealed class RestoreCommandTests(BackupFixture fixture) : IClassFixture<BackupFixture>
{
    [Fact]
    public async Task ARestoreIntoANewFolderPutsTheVerifiedBackupInPlaceAndPrintsItsChainHead()
    {
        var folder = fixture.NewDataFolder();

        var (exitCode, output, error) = await BackupVerbs.RestoreAsync(folder, fixture.Backup);

        Assert.True(exitCode == 0, error);
        var database = Path.Combine(folder, "timebank.db");
        Assert.Contains($"chain head {BackupVerbs.ChainHeadOf(fixture.Backup)},", output, StringComparison.Ordinal);
        Assert.Equal(DatabaseFingerprint.Of(fixture.Backup), DatabaseFingerprint.Of(database));
        Assert.DoesNotContain("replaced", output, StringComparison.Ordinal);
        Assert.Empty(BackupVerbs.FilesStartingWith(folder, "timebank.db."));
    }

    [Fact]
    public async Task ARestoreOverADatabaseKeepsTheReplacedOneAside()
    {
        var folder = fixture.NewDataFolder();
        await BackupVerbs.RestoreAsync(folder, fixture.Backup);
        var before = DatabaseFingerprint.Of(Path.Combine(folder, "timebank.db"));

        var (exitCode, output, error) = await BackupVerbs.RestoreAsync(folder, fixture.CopyOfBackup());

        Assert.True(exitCode == 0, error);
        var aside = Assert.Single(BackupVerbs.FilesStartingWith(folder, "timebank.db.replaced-"));
        Assert.Contains(aside, output, StringComparison.Ordinal);
        Assert.Equal(before, DatabaseFingerprint.Of(aside));
    }

    [Fact]
    public async Task TheRestoredDatabaseIsOwnerOnly()
    {
        var folder = fixture.NewDataFolder();

        await BackupVerbs.RestoreAsync(folder, fixture.Backup);

        Assert.Equal(OnlineBackup.OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(folder, "timebank.db")));
    }

    [Fact]
    public async Task ARestoreOfAFileThatIsNotThereChangesNothing()
    {
        var folder = fixture.NewDataFolder();

        var (exitCode, _, error) = await BackupVerbs.RestoreAsync(folder, Path.Combine(fixture.Folder, "no-such.db"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("timebank restore: there is no backup file", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "timebank.db")));
    }

    [Theory]
    [InlineData("restore")]
    [InlineData("restore", "a.db", "b.db")]
    public async Task AMistypedRestorePrintsHowToUseIt(params string[] args)
    {
        var (exitCode, _, error) = await BackupVerbs.RunAsync(RestoreCommand.RunAsync, args);

        Assert.Equal(2, exitCode);
        Assert.Contains("restore FILE", error, StringComparison.Ordinal);
    }
}
