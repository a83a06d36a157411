using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Tests.Infrastructure;

namespace TimeBank.Ledger.Tests.Properties;

/// <summary>
/// A child process writes in a loop and is killed with SIGKILL mid-stream. After reopening, the books must
/// reconcile and every write the child saw acknowledged must be there.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private const int AcknowledgementsBeforeKill = 400;

    private LedgerDatabase _db = null!;

    // SIGKILL kills the process, not the OS: the page cache survives, so a memory-backed file is as good a
    // witness as a disk and spares the suite thousands of fsyncs.
    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync(preferMemoryBackedFolder: true);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AcknowledgedWritesSurviveSigkill()
    {
        var (_, acknowledged) = await RunChildUntilKilledAsync(await PrepareAsync(), AcknowledgementsBeforeKill);

        await using var reopened = LedgerDatabase.Open(_db.Folder);
        await reopened.AssertReconciledAsync();
        await using var context = reopened.CreateContext();
        var stored = (await context.Set<LedgerEntry>().Select(e => e.IdempotencyKey).ToListAsync()).ToHashSet();
        Assert.True(acknowledged.Count >= AcknowledgementsBeforeKill);
        Assert.DoesNotContain(acknowledged, key => !stored.Contains(key));
    }

    [Fact]
    public async Task TheChildWritesWithTheProductionSettings()
    {
        var (settings, _) = await RunChildUntilKilledAsync(await PrepareAsync(), acknowledgements: 0);

        Assert.Equal("settings " + string.Join(' ', SqliteConnectionSettings.Settings.Select(s => $"{s.Pragma}={s.Value}")), settings);
    }

    /// <summary>Opens the accounts the child writes to and closes every connection; returns the child's arguments.</summary>
    private async Task<string[]> PrepareAsync()
    {
        var issuance = await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance);
        var members = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await _db.OpenAccountAsync($"member-{i}", null, null));
        }
        await _db.Writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return [_db.FilePath, Number(issuance), .. members.Select(Number)];
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The child's first line (its settings) and the keys it acknowledged before and while it was killed.</summary>
    private static async Task<(string? Settings, List<string> Acknowledged)> RunChildUntilKilledAsync(IEnumerable<string> arguments, int acknowledgements)
    {
        // The child is built next to this assembly (a project reference that is not a library reference).
        var childDll = Path.Combine(AppContext.BaseDirectory.Replace("TimeBank.Ledger.Tests", "TimeBank.Ledger.CrashWriter", StringComparison.Ordinal),
            "TimeBank.Ledger.CrashWriter.dll");
        Assert.True(File.Exists(childDll), $"crash writer not built at {childDll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(childDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var acknowledged = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var settings = await child.StandardOutput.ReadLineAsync(timeout.Token);
        while (acknowledged.Count < acknowledgements)
        {
            var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                Assert.Fail($"the crash writer stopped on its own: {await child.StandardError.ReadToEndAsync()}");
            }
            acknowledged.Add(line);
        }
        // Process.Kill is SIGKILL on Unix: no finally blocks, no flush, no orderly close of the database.
        child.Kill(entireProcessTree: true);
        // Keys printed before the kill landed are acknowledged too; read them from what is left in the pipe.
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            acknowledged.Add(line);
        }
        await child.WaitForExitAsync(timeout.Token);
        return (settings, acknowledged);
    }
}
