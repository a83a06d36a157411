using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Tests.Infrastructure;
using TimeBank.Ledger.Writes;
using Xunit.Abstractions;

namespace TimeBank.Ledger.Tests.Reads;

/// <summary>
/// An auditor's check with a tool nobody here wrote: hledger must compute the same balances from the export.
/// Runs hledger when it is on PATH; under CI (CI set) a missing hledger fails the test. Elsewhere the journal
/// is summed by a minimal reader instead, and the output says hledger was not run.
/// </summary>
public sealed partial class HledgerJournalExportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LedgerDatabase _db = null!;

    public async Task InitializeAsync() => _db = await LedgerDatabase.CreateAsync(preferMemoryBackedFolder: true);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task HledgerBalanceMatchesTheLedger()
    {
        var accounts = await SimulateAsync(new Random(4242));
        var journal = Path.Combine(_db.Folder, "ledger.journal");
        await using (var context = _db.CreateContext())
        await using (var writer = new StreamWriter(journal))
        {
            await context.WriteHledgerJournalAsync(writer);
        }

        var reported = FindHledger() is { } hledger ? await RunHledgerAsync(hledger, journal) : SumJournal(journal);

        var expected = new Dictionary<string, long>();
        foreach (var account in accounts)
        {
            var stored = await _db.AccountAsync(account);
            expected[HledgerJournalExport.AccountName(stored.LedgerGroup, stored.Code)] = stored.BalanceMinutes;
        }
        Assert.Equal(expected.OrderBy(e => e.Key), reported.OrderBy(e => e.Key));
        Assert.Contains(expected.Values, v => v != 0);
        await _db.AssertReconciledAsync();
    }

    private async Task<List<long>> SimulateAsync(Random random)
    {
        var accounts = new List<long>
        {
            await _db.OpenAccountAsync("issuance", null, null, AccountKind.Issuance),
            await _db.OpenAccountAsync("fund", null, null, AccountKind.Fund),
        };
        for (var i = 0; i < 6; i++)
        {
            accounts.Add(await _db.OpenAccountAsync($"member {i}", -300, 900));
        }
        var entries = new List<long>();
        for (var i = 0; i < 300; i++)
        {
            var debit = accounts[random.Next(accounts.Count)];
            var credit = accounts[random.Next(accounts.Count)];
            LedgerCommand command = random.Next(10) switch
            {
                0 when entries.Count > 0 => new ReverseEntry(entries[random.Next(entries.Count)]) { IdempotencyKey = "", ActorId = "" },
                1 => new PlaceHold(debit, credit, random.Next(1, 60)) { IdempotencyKey = "", ActorId = "" },
                _ => _db.Transfer(debit, credit, random.Next(1, 90)) with { Memo = "help; with \"quotes\"" },
            };
            var result = await _db.SubmitAsync(command with { IdempotencyKey = _db.NextKey("h"), ActorId = "sim" });
            if (result.HoldId is { } holdId && random.Next(2) == 0)
            {
                result = await _db.SubmitAsync(new PostHold(holdId, random.Next(1, 10)) { IdempotencyKey = _db.NextKey("p"), ActorId = "sim" });
            }
            if (result.EntrySequence is { } sequence)
            {
                entries.Add(sequence);
            }
        }
        return accounts;
    }

    private string? FindHledger()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "hledger"))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")),
                "hledger is not on PATH; CI must install it (.ci/run does: apt-get install -y hledger)");
            output.WriteLine("hledger is not installed: the journal was checked by the built-in reader only");
        }
        return found;
    }

    private static async Task<Dictionary<string, long>> RunHledgerAsync(string hledger, string journal)
    {
        var start = new ProcessStartInfo(hledger) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-f", journal, "balance", "--flat", "--empty", "--no-total", "-O", "csv" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"hledger failed: {await stderr}");

        var balances = new Dictionary<string, long>();
        foreach (Match match in CsvRow().Matches(await stdout))
        {
            balances[match.Groups["account"].Value] = long.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture);
        }
        return balances;
    }

    private static Dictionary<string, long> SumJournal(string journal)
    {
        var balances = new Dictionary<string, long>();
        foreach (var line in File.ReadLines(journal))
        {
            if (PostingLine().Match(line) is { Success: true } match)
            {
                var account = match.Groups["account"].Value;
                balances[account] = balances.GetValueOrDefault(account) + long.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture);
            }
        }
        return balances;
    }

    [GeneratedRegex("""^"(?<account>[^"]+)","(?<minutes>-?\d+)( min)?"\s*$""", RegexOptions.Multiline)]
    private static partial Regex CsvRow();

    [GeneratedRegex("""^    (?<account>\S[^;]*?)    (?<minutes>-?\d+) min$""")]
    private static partial Regex PostingLine();
}
