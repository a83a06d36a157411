using Microsoft.Data.Sqlite;
using TimeBank.Api.Operations.Backup;

namespace TimeBank.Api.Tests.Operations.Backup;

/// <summary>The <c>backup</c> and <c>restore</c> verbs run in the test's process, as the operator runs them on the host.</summary>
internal static class BackupVerbs
{
    public static Task<(int ExitCode, string Output, string Error)> BackupAsync(string dataFolder, string file) =>
        RunAsync(BackupCommand.RunAsync, ["backup", file, "--TimeBank:DataDirectory=" + dataFolder]);

    public static Task<(int ExitCode, string Output, string Error)> RestoreAsync(string dataFolder, string file) =>
        RunAsync(RestoreCommand.RunAsync, ["restore", file, "--TimeBank:DataDirectory=" + dataFolder]);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        Func<string[], TextWriter, TextWriter, Task<int>> verb, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await verb(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The journal's last entry in a database file as <c>SEQUENCE HASH</c>, read on a connection of its own.</summary>
    public static string ChainHeadOf(string databaseFile)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Sequence\" || ' ' || \"Hash\" FROM \"LedgerEntries\" ORDER BY \"Sequence\" DESC LIMIT 1";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>The files of a folder whose names start with <paramref name="prefix"/>.</summary>
    public static string[] FilesStartingWith(string folder, string prefix) =>
        [.. Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal))];
}
