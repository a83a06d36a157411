using TimeBank.Api.Operations.Backup;
using TimeBank.Api.Tests.Operations.Backup;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// A backup holds what the database holds (password and refresh-token hashes): it is readable by its owner only, as
/// the database is, from the moment it exists.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // File modes are Unix's; Windows inherits the folder's ACL.
public sealed class BackupFileTests(BackupFixture fixture) : IClassFixture<BackupFixture>
{
    [Fact]
    public void ABackupIsReadableByItsOwnerOnly()
    {
        Assert.Equal(OnlineBackup.OwnerOnlyFile, File.GetUnixFileMode(fixture.Backup));
    }

    [Fact]
    public async Task ABackupInAFolderOpenToOthersIsStillOwnerOnly()
    {
        var open = Path.Combine(fixture.Folder, "shared");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        var file = Path.Combine(open, "backup.db");

        var (exitCode, _, error) = await BackupVerbs.BackupAsync(fixture.App.DataDirectory, file);

        Assert.True(exitCode == 0, error);
        Assert.Equal(OnlineBackup.OwnerOnlyFile, File.GetUnixFileMode(file));
    }
}
