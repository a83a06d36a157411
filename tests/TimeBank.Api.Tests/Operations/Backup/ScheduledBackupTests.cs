using TimeBank.Api.Operations.Backup;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Operations.Backup;

/// <summary>Scheduled backups on the API's (fake) clock: one at start, one per <c>Backup:Every</c>, at most <c>Backup:Keep</c> kept.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // File modes are Unix's; Windows inherits the folder's ACL.
public sealed class ScheduledBackupTests : IDisposable
{
    private readonly string _folder = TempFolder.Create();

    public void Dispose() => TempFolder.Delete(_folder);

    [Fact]
    public async Task ABackupIsTakenAtStartAndEveryPeriodAndOnlyTheNewestAreKept()
    {
        var backups = Path.Combine(_folder, "backups");
        await using var app = new TimeBankApplication { Settings = Scheduled(backups) };
        await TestCommunity.CreateAsync(app, await app.RegisterAsync(TimeBankApplication.AdminEmail), "scheduled", "maria");
        await Wait.UntilAsync(() => Names(backups).Length == 1, "the backup taken at start");

        app.Clock.Advance(TimeSpan.FromHours(1));
        await Wait.UntilAsync(() => Names(backups).Length == 2, "the second backup");
        app.Clock.Advance(TimeSpan.FromHours(1));
        await Wait.UntilAsync(() => !Names(backups).Contains("timebank-20261125T090000000Z.db"), "the oldest backup to go");

        Assert.Equal(["timebank-20261125T100000000Z.db", "timebank-20261125T110000000Z.db"], Names(backups));
        foreach (var file in Directory.GetFiles(backups))
        {
            Assert.Equal(OnlineBackup.OwnerOnlyFile, File.GetUnixFileMode(file));
            Assert.True((await BackupCheck.RunAsync(file, migrate: false, default)).IsSound, file);
        }
        Assert.Equal(TimeBank.Api.Hosting.DataFolder.OwnerOnly, File.GetUnixFileMode(backups));
        Assert.Empty(app.Logs.Errors);
    }

    [Fact]
    public async Task AFailedBackupNeverStopsTheApiAndIsTriedAgainAtTheNextTick()
    {
        // A file where the backup folder should be: creating the folder fails until it is removed.
        var blocked = Path.Combine(_folder, "blocked");
        await File.WriteAllTextAsync(blocked, "in the way");
        await using var app = new TimeBankApplication { Settings = Scheduled(blocked) };

        var answered = await app.GraphQLAsync("{ __typename }");
        File.Delete(blocked);
        app.Clock.Advance(TimeSpan.FromHours(1));
        await Wait.UntilAsync(() => Directory.Exists(blocked) && Names(blocked).Length >= 1, "a backup once the folder can be made");

        Assert.Equal("Query", (string?)answered["data"]?["__typename"]);
        Assert.Empty(app.Logs.Errors);
    }

    private static Dictionary<string, string> Scheduled(string folder) => new()
    {
        ["Backup:Every"] = "01:00:00",
        ["Backup:Keep"] = "2",
        ["Backup:Folder"] = folder,
    };

    private static string[] Names(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "timebank-*.db").Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];
}
