using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Benchmarks.Ledger;

/// <summary>
/// Reconciling one community: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- reconcile-group
/// [--postings N] [--accounts N] [--dir PATH] [--keep]</c> (defaults 1,000,000 postings over 10,000 accounts, the aim being
/// at most 5 s). Seeds one ledger group through the real writer (with a period closed half-way, so a snapshot is proven
/// too), then times, in the same run, the group's reconciliation and chain verification against the deployment-wide
/// reconciliation of the same file as the baseline.
/// </summary>
internal static class GroupReconcileBenchmark
{
    private const string Group = "bench";

    public static async Task RunAsync(string[] args)
    {
        var postings = Option(args, "--postings", 1_000_000);
        var accountCount = Option(args, "--accounts", 10_000);
        var root = OptionText(args, "--dir") ?? Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-reconcile-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"group reconciliation: {Environment.ProcessorCount} cores, {postings:N0} postings over {accountCount:N0} accounts, files in {folder}");
        try
        {
            var options = LedgerBenchContext.Options($"Data Source={Path.Combine(folder, "group.db")}");
            await SeedAsync(options, postings, accountCount);

            await using var reader = new LedgerBenchContext(options);
            for (var round = 1; round <= 2; round++)
            {
                var baseline = Stopwatch.StartNew();
                var global = await reader.ReconcileLedgerAsync();
                baseline.Stop();
                var reconciliation = await reader.ReconcileLedgerGroupAsync(Group);
                var verifying = Stopwatch.StartNew();
                var verification = await reader.VerifyLedgerGroupChainAsync(Group);
                verifying.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: deployment-wide reconciliation (baseline) {baseline.Elapsed.TotalSeconds:0.00}s, {global.Count} discrepancies"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: group reconciliation {reconciliation.Duration.TotalSeconds:0.00}s ({reconciliation.Duration / baseline.Elapsed:0.00}x baseline): {reconciliation.EntriesChecked:N0} entries, {reconciliation.PostingsChecked:N0} postings, {reconciliation.AccountsChecked:N0} accounts, {reconciliation.LinksChecked:N0} links, {reconciliation.PeriodClosesChecked} close(s), {reconciliation.Discrepancies.Count} discrepancies"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: group chain verification {verifying.Elapsed.TotalSeconds:0.00}s ({verifying.Elapsed / baseline.Elapsed:0.00}x baseline), {verification.LinksChecked:N0} links, valid {verification.IsValid}"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!args.Contains("--keep"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task SeedAsync(DbContextOptions<LedgerBenchContext> options, int postings, int accountCount)
    {
        await using (var context = new LedgerBenchContext(options))
        {
            await context.Database.EnsureCreatedAsync();
            await context.Database.ExecuteSqlRawAsync(LedgerSql.AllSqliteTriggers);
        }
        var seeding = Stopwatch.StartNew();
        var accounts = new long[accountCount];
        await using var writer = new LedgerWriter<LedgerBenchContext>(() => new LedgerBenchContext(options));
        await Task.WhenAll(Enumerable.Range(0, accountCount).Select(async i =>
            accounts[i] = (await writer.SubmitAsync(new OpenAccount(Group, $"m{i}", AccountKind.Member, null, null) { IdempotencyKey = $"open-{i}", ActorId = "bench" })).AccountId!.Value));
        var entries = postings / 2;
        async Task TransferAsync(int from, int to)
        {
            var next = from - 1;
            await Task.WhenAll(Enumerable.Range(0, 256).Select(caller => Task.Run(async () =>
            {
                var random = new Random(caller + from);
                for (var i = Interlocked.Increment(ref next); i < to; i = Interlocked.Increment(ref next))
                {
                    var debit = random.Next(accountCount);
                    var credit = (debit + 1 + random.Next(accountCount - 1)) % accountCount;
                    var result = await writer.SubmitAsync(Transfer.Between(accounts[debit], accounts[credit], random.Next(1, 120), $"s-{i}", "bench"));
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException($"transfer refused: {result.Status}");
                    }
                }
            })));
        }
        await TransferAsync(0, entries / 2);
        var closed = await writer.SubmitAsync(new ClosePeriod(Group, DateTimeOffset.UtcNow) { IdempotencyKey = "close", ActorId = "bench" });
        if (!closed.Succeeded)
        {
            throw new InvalidOperationException($"close refused: {closed.Status}");
        }
        await TransferAsync(entries / 2, entries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {postings:N0} postings through the writer in {seeding.Elapsed.TotalSeconds:0.0}s"));
    }

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
