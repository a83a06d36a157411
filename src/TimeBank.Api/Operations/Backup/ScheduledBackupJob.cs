using TimeBank.Api.Hosting;

namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// Takes a scheduled backup at start and every <see cref="BackupOptions.Every"/> on the application's clock. A failed
/// backup (a full disk, a copy that did not verify) is logged and tried again at a later tick; it never stops the API.
/// </summary>
public sealed partial class ScheduledBackupJob(ScheduledBackups backups, BackupOptions options, TimeProvider clock, ILogger<ScheduledBackupJob> logger)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => options.Every!.Value;

    protected override string Name => "Scheduled backup";

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var report = await backups.TakeAsync(stoppingToken);
        LogTaken(report.File, report.Entries, report.ChainHead, report.SizeBytes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {File} taken and verified: {Entries} entries, chain head {ChainHead}, {Bytes} bytes")]
    private partial void LogTaken(string file, long entries, string chainHead, long bytes);
}
