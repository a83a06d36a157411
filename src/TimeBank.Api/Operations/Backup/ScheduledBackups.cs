using System.Globalization;

namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// One scheduled backup: a copy of the database as <c>timebank-YYYYMMDDTHHMMSSfffZ.db</c> in the backup folder
/// (owner-only), proven like the <c>backup</c> verb's, then the oldest beyond <see cref="BackupOptions.Keep"/> deleted.
/// A copy that does not verify is deleted and the run fails, so only sound backups count towards the ones kept.
/// </summary>
public sealed class ScheduledBackups(BackupOptions options, string dataFolder, string connectionString, TimeProvider clock)
{
    public const string Prefix = "timebank-";

    public const string Extension = ".db";

    /// <summary>The folder the backups go to.</summary>
    public string Folder { get; } = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Folder) ? "backups" : options.Folder, dataFolder);

    public async Task<BackupReport> TakeAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, Hosting.DataFolder.OwnerOnly);
        }
        var name = Prefix + clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + Extension;
        var file = Path.Combine(Folder, name);
        await OnlineBackup.TakeAsync(connectionString, file, cancellationToken);
        var report = await BackupCheck.RunAsync(file, migrate: false, cancellationToken);
        if (!report.IsSound)
        {
            File.Delete(file);
            throw new BackupException($"the backup {name} did not verify and was deleted: {report.ProblemLine}");
        }
        Prune();
        return report;
    }

    /// <summary>The backups in the folder, newest first (their names sort by time).</summary>
    public IReadOnlyList<string> List() =>
        [.. Directory.EnumerateFiles(Folder, Prefix + "*" + Extension).OrderByDescending(Path.GetFileName, StringComparer.Ordinal)];

    private void Prune()
    {
        foreach (var old in List().Skip(options.Keep))
        {
            File.Delete(old);
        }
    }
}
