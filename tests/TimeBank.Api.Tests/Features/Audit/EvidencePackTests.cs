using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Tests.Shared;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// The auditor's end-to-end check: a community's ledger with thousands of entries (exchanges over the API, the bulk
/// through the ledger writer: transfers across members, reversals, holds left pending, a limit change by a policy update,
/// a closed period) is downloaded as an evidence pack over HTTP by its auditor, then checked by two tools nobody here
/// wrote: the Python verifier (tests/verifier) and the real hledger. Every account's balance and the chain head must agree
/// with the API's reconcile (clean, the chain head), its trial balance and the ledger's accounts.
/// </summary>
public sealed class EvidencePackTests(EvidencePackFixture bank) : IClassFixture<EvidencePackFixture>
{
    [Fact]
    public async Task TheVerifierAndHledgerAgreeWithTheLedgerOnEveryBalanceAndTheChainHead()
    {
        var pack = await DownloadAsync("evidence-pack.zip", "audrey");
        var journal = Path.Combine(bank.Folder, "journal.hledger");
        using (var zip = ZipFile.OpenRead(pack))
        {
            zip.GetEntry("journal.hledger")!.ExtractToFile(journal);
        }

        var (exitCode, summary) = await OutsideVerifier.RunAsync(pack);
        var balance = await OutsideVerifier.HledgerAsync("-f", journal, "balance", "--flat", "--empty", "--no-total", "-O", "csv");
        var check = await OutsideVerifier.HledgerAsync("-f", journal, "check", "accounts", "commodities");

        Assert.True(exitCode == 0, summary.ToJsonString());
        Assert.True(balance.ExitCode == 0, balance.Errors);
        Assert.True(check.ExitCode == 0, check.Errors);
        var reconcile = await bank.App.GraphQLAsync(
            "query($id: ID!) { reconcile(communityId: $id) { clean chainHead { position hash } } }",
            new { id = bank.Riverside.Id }, bank.Riverside.People["audrey"].Token);
        Assert.True((bool?)reconcile["data"]?["reconcile"]?["clean"] == true, reconcile.ToJsonString());
        Assert.Equal((long)reconcile["data"]!["reconcile"]!["chainHead"]!["position"]!, (long)summary["chain_head"]!["position"]!);
        Assert.Equal((string?)reconcile["data"]!["reconcile"]!["chainHead"]!["hash"], (string?)summary["chain_head"]!["hash"]);
        await using var db = await bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        Assert.True((long)summary["counts"]!["entries"]! >= 3000, summary["counts"]!.ToJsonString());
        Assert.Equal(1L, (long)summary["counts"]!["period_closes"]!);

        var ledger = await db.Set<LedgerAccount>().AsNoTracking().Where(a => a.LedgerGroup == bank.Group).ToListAsync();
        var expected = ledger.ToDictionary(a => HledgerJournalExport.AccountName(a.LedgerGroup, a.Code), a => a.BalanceMinutes);
        var verified = summary["balances"]!.AsObject().ToDictionary(b => b.Key, b => (long)b.Value!);
        var hledger = ParseHledgerCsv(balance.Output);
        Assert.Equal(expected.OrderBy(b => b.Key), verified.OrderBy(b => b.Key));
        // hledger lists only accounts that have postings; the others (a fund nobody paid into) must be at zero.
        Assert.Equal(expected.Where(b => b.Value != 0 || hledger.ContainsKey(b.Key)).OrderBy(b => b.Key), hledger.OrderBy(b => b.Key));
        Assert.Contains(expected.Values, minutes => minutes != 0);
        Assert.Equal(0, expected.Values.Sum());

        // The API's trial balance says what the outside tools recomputed: the same accounts, the same credit and debit balances.
        var trial = await bank.App.GraphQLAsync(
            "query($id: ID!) { trialBalance(communityId: $id) { balanced total { accounts creditBalanceMinutes debitBalanceMinutes netMinutes } } }",
            new { id = bank.Riverside.Id }, bank.Riverside.People["audrey"].Token);
        var total = trial["data"]?["trialBalance"]?["total"] ?? throw new InvalidOperationException(trial.ToJsonString());
        Assert.True((bool?)trial["data"]!["trialBalance"]!["balanced"] == true, trial.ToJsonString());
        Assert.Equal(verified.Count, (int)total["accounts"]!);
        Assert.Equal(verified.Values.Where(m => m > 0).Sum(), (long)total["creditBalanceMinutes"]!);
        Assert.Equal(-verified.Values.Where(m => m < 0).Sum(), (long)total["debitBalanceMinutes"]!);
        Assert.Equal(verified.Values.Sum(), (long)total["netMinutes"]!);
    }

    [Fact]
    public async Task TheSeparateDownloadsOfOneCutAreTheFilesOfThePack()
    {
        var asOf = "?asOf=" + Uri.EscapeDataString(bank.App.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        var pack = await DownloadAsync("evidence-pack.zip" + asOf, "coordinator");

        using var zip = ZipFile.OpenRead(pack);
        foreach (var file in new[] { "journal.csv", "journal.hledger", "balances.csv" })
        {
            var alone = await File.ReadAllBytesAsync(await DownloadAsync(file + asOf, "audrey"));
            using var inPack = new MemoryStream();
            await using (var entry = zip.GetEntry(file)!.Open())
            {
                await entry.CopyToAsync(inPack);
            }
            Assert.True(alone.AsSpan().SequenceEqual(inPack.ToArray()), $"{file} alone differs from the pack's");
        }
    }

    [Fact]
    public async Task AnAmountChangedInThePacksJournalFailsTheVerifierNamingTheEntry()
    {
        var pack = await DownloadAsync("evidence-pack.zip", "audrey");
        long sequence = 0;
        var forged = OutsideVerifier.Forge(pack, "journal.csv", text =>
        {
            var lines = text.Split('\n');
            var target = Array.FindIndex(lines, lines.Length / 2, line => !line.Contains('"', StringComparison.Ordinal) && line.Contains(",Debit,", StringComparison.Ordinal));
            var fields = lines[target].Split(',');
            sequence = long.Parse(fields[3], CultureInfo.InvariantCulture);
            fields[24] = (long.Parse(fields[24], CultureInfo.InvariantCulture) + 5).ToString(CultureInfo.InvariantCulture);
            lines[target] = string.Join(',', fields);
            return string.Join('\n', lines);
        });

        var (exitCode, summary) = await OutsideVerifier.RunAsync(forged);

        Assert.Equal(1, exitCode);
        Assert.Contains(summary["problems"]!.AsArray(), p => (string?)p!["record"] == $"entry {sequence}" && (string?)p["check"] == "hash");
    }

    private async Task<string> DownloadAsync(string file, string person)
    {
        using var http = bank.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/exports/communities/{bank.Riverside.Id}/{file}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bank.Riverside.People[person].Token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        var path = Path.Combine(bank.Folder, Guid.NewGuid().ToString("N") + "-" + file.Split('?')[0]);
        await using (var target = File.Create(path))
        {
            await response.Content.CopyToAsync(target);
        }
        return path;
    }

    private static Dictionary<string, long> ParseHledgerCsv(string csv)
    {
        var balances = new Dictionary<string, long>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var fields = line.Trim().Split("\",\"");
            var minutes = fields[1].Trim('"').Replace(" min", "", StringComparison.Ordinal);
            balances[fields[0].Trim('"')] = long.Parse(minutes, CultureInfo.InvariantCulture);
        }
        return balances;
    }
}
