using Microsoft.Data.Sqlite;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Operations.Backup;

/// <summary>
/// <c>TimeBank.Api backup FILE</c>, run on the host with the API's settings while the API serves traffic: a consistent
/// copy of the database (<see cref="OnlineBackup"/>), owner-only, then proven (<see cref="BackupCheck"/>) and described
/// in one line: entries, chain head and size, what a later restore is compared with.
/// </summary>
public static class BackupCommand
{
    private const string Usage = """
        usage: TimeBank.Api backup FILE    copy the database into FILE (a new file), check the copy, print what it holds
        Settings as for the API, e.g. --TimeBank:DataDirectory=/srv/tb or TimeBank__DataDirectory.
        """;

    public static bool IsInvoked(string[] args) => args is ["backup", ..];

    /// <summary>Runs the command; 0 when the copy is made and verified, 1 when not, 2 for a usage mistake.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var (words, settings) = OperatorSettings.Split(args);
        if (words is not [var file])
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        try
        {
            var target = Path.GetFullPath(file);
            await OnlineBackup.TakeAsync(OperatorSettings.Read(settings).ConnectionString, target, default);
            var report = await BackupCheck.RunAsync(target, migrate: false, default);
            if (!report.IsSound)
            {
                await error.WriteLineAsync($"timebank backup: the copy {target} does not verify (kept for inspection): {report.ProblemLine}");
                return 1;
            }
            await output.WriteLineAsync($"backup {target}: {report.Summary}; integrity, reconciliation and hash chains verified");
            return 0;
        }
        catch (Exception ex) when (ex is BackupException or StartupException or SqliteException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"timebank backup: {ex.Message}");
            return 1;
        }
    }
}
