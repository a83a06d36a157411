using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
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
    public static async Task RunAsync(string[] args)
    {
        var postings = BenchArgs.Option(args, "--postings", 1_000_000);
        var accountCount = BenchArgs.Option(args, "--accounts", 10_000);
        var root = BenchArgs.OptionText(args, "--dir") ?? Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-reconcile-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"group reconciliation: {Environment.ProcessorCount} cores, {postings:N0} postings over {accountCount:N0} accounts, files in {folder}");
        try
        {
            var options = LedgerBenchContext.Options($"Data Source={Path.Combine(folder, "group.db")}");
            await LargeGroup.SeedAsync(options, postings, accountCount, async writer =>
            {
                var closed = await writer.SubmitAsync(new ClosePeriod(LargeGroup.Name, DateTimeOffset.UtcNow) { IdempotencyKey = "close", ActorId = "bench" });
                if (!closed.Succeeded)
                {
                    throw new InvalidOperationException($"close refused: {closed.Status}");
                }
            });

            await using var reader = new LedgerBenchContext(options);
            for (var round = 1; round <= 2; round++)
            {
                var baseline = Stopwatch.StartNew();
                var global = await reader.ReconcileLedgerAsync();
                baseline.Stop();
                var reconciliation = await reader.ReconcileLedgerGroupAsync(LargeGroup.Name);
                var verifying = Stopwatch.StartNew();
                var verification = await reader.VerifyLedgerGroupChainAsync(LargeGroup.Name);
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
}
