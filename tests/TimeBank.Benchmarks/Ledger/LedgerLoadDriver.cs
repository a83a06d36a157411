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
/// Load driver for the ledger: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- ledger
/// [--seconds N] [--dir PATH] [--reconcile-postings N] [--reads-only] [--no-reads] [--keep]</c>. Concurrent callers and their latency do not fit
/// BenchmarkDotNet's model, so this measures directly: settled transfers per second and p50/p99 latency for 1
/// and for 64 callers on a file database with synchronous=FULL, beside a raw Microsoft.Data.Sqlite baseline
/// writing the same rows in the same run; then balance-at-a-past-time latency and reconciliation time.
/// </summary>
internal static class LedgerLoadDriver
{
    private const int Members = 1000;

    public static async Task RunAsync(string[] args)
    {
        var seconds = BenchArgs.Option(args, "--seconds", 5);
        var postings = BenchArgs.Option(args, "--reconcile-postings", 1_000_000);
        var root = BenchArgs.OptionText(args, "--dir") ?? Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-ledger-bench", Guid.NewGuid().ToString("N"));
        var keep = args.Contains("--keep");
        Directory.CreateDirectory(folder);
        Console.WriteLine($"ledger load driver: {Environment.ProcessorCount} cores, {seconds}s per run, files in {folder}");
        try
        {
            // Two rounds, raw and ledger alternating, because the disk's fsync time drifts with whatever else
            // the machine is doing; each round compares runs made seconds apart.
            foreach (var round in args.Contains("--reads-only") ? [] : new[] { 1, 2 })
            {
                foreach (var callers in new[] { 1, 64 })
                {
                    var raw = await RunRawAsync(Path.Combine(folder, $"raw-{callers}-{round}.db"), callers, seconds);
                    var ledger = await RunLedgerAsync(Path.Combine(folder, $"ledger-{callers}-{round}.db"), callers, seconds);
                    Print($"round {round}: raw sqlite, {callers,2} callers", raw);
                    Print($"round {round}: ledger,     {callers,2} callers", ledger);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  ledger / raw throughput: {ledger.PerSecond / raw.PerSecond:0.00}x"));
                }
            }
            if (!args.Contains("--no-reads"))
            {
                await MeasureReadsAsync(Path.Combine(folder, "reads.db"), postings);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!keep)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<Run> RunLedgerAsync(string path, int callers, int seconds)
    {
        var connectionString = $"Data Source={path}";
        var options = LedgerBenchContext.Options(connectionString);
        await using (var context = new LedgerBenchContext(options))
        {
            await context.Database.EnsureCreatedAsync();
            await context.Database.ExecuteSqlRawAsync(LedgerSql.AllSqliteTriggers);
        }
        await using var writer = new LedgerWriter<LedgerBenchContext>(() => new LedgerBenchContext(options));
        var accounts = new long[Members];
        for (var i = 0; i < Members; i++)
        {
            var opened = await writer.SubmitAsync(new OpenAccount("bench", $"m{i}", AccountKind.Member, null, null) { IdempotencyKey = $"open-{i}", ActorId = "bench" });
            accounts[i] = opened.AccountId!.Value;
        }
        return await DriveAsync(callers, seconds, async (caller, i, random) =>
        {
            var (debit, credit) = Pair(random);
            var result = await writer.SubmitAsync(Transfer.Between(accounts[debit], accounts[credit], random.Next(1, 120), $"t-{caller}-{i}", "bench"));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"transfer refused: {result.Status}");
            }
        });
    }

    private static async Task<Run> RunRawAsync(string path, int callers, int seconds)
    {
        var connectionString = $"Data Source={path}";
        RawSqliteBaseline.CreateSchema(connectionString);
        var connections = Enumerable.Range(0, callers).Select(_ => new RawSqliteBaseline(connectionString)).ToArray();
        try
        {
            return await DriveAsync(callers, seconds, (caller, i, random) =>
            {
                var (debit, credit) = Pair(random);
                connections[caller].Transfer(debit + 1, credit + 1, random.Next(1, 120), $"t-{caller}-{i}");
                return Task.CompletedTask;
            });
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    private static (int Debit, int Credit) Pair(Random random)
    {
        var debit = random.Next(Members);
        return (debit, (debit + 1 + random.Next(Members - 1)) % Members);
    }

    private static async Task<Run> DriveAsync(int callers, int seconds, Func<int, int, Random, Task> transfer)
    {
        var stopAt = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(caller);
            var latencies = new List<long>();
            for (var i = 0; Stopwatch.GetTimestamp() < stopAt; i++)
            {
                var begin = Stopwatch.GetTimestamp();
                await transfer(caller, i, random);
                latencies.Add(Stopwatch.GetTimestamp() - begin);
            }
            return latencies;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var all = perCaller.SelectMany(l => l).Order().ToArray();
        return new Run(all.Length, all.Length / elapsed.TotalSeconds, Millis(all, 0.50), Millis(all, 0.99));
    }

    private static async Task MeasureReadsAsync(string path, int postings)
    {
        var connectionString = $"Data Source={path}";
        var options = LedgerBenchContext.Options(connectionString);
        await using (var context = new LedgerBenchContext(options))
        {
            await context.Database.EnsureCreatedAsync();
            await context.Database.ExecuteSqlRawAsync(LedgerSql.AllSqliteTriggers);
        }

        // Seeding a million postings through the real writer; synchronous=FULL stays on but 256 callers keep the
        // batches large, so the fsyncs do not dominate.
        var seeding = Stopwatch.StartNew();
        var accounts = new long[Members];
        await using (var writer = new LedgerWriter<LedgerBenchContext>(() => new LedgerBenchContext(options)))
        {
            for (var i = 0; i < Members; i++)
            {
                accounts[i] = (await writer.SubmitAsync(new OpenAccount("bench", $"m{i}", AccountKind.Member, null, null) { IdempotencyKey = $"open-{i}", ActorId = "bench" })).AccountId!.Value;
            }
            var entries = postings / 2;
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 256).Select(caller => Task.Run(async () =>
            {
                var random = new Random(caller);
                for (var i = Interlocked.Increment(ref next); i < entries; i = Interlocked.Increment(ref next))
                {
                    var (debit, credit) = Pair(random);
                    await writer.SubmitAsync(Transfer.Between(accounts[debit], accounts[credit], random.Next(1, 120), $"s-{i}", "bench"));
                }
            })));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {postings:N0} postings through the writer in {seeding.Elapsed.TotalSeconds:0.0}s"));

        await using var reader = new LedgerBenchContext(options);
        var random = new Random(1);
        var now = DateTimeOffset.UtcNow;
        var samples = new List<long>();
        for (var i = 0; i < 2000; i++)
        {
            var begin = Stopwatch.GetTimestamp();
            await reader.GetBalanceAtAsync(accounts[random.Next(Members)], now.AddSeconds(-random.Next(0, 60)));
            samples.Add(Stopwatch.GetTimestamp() - begin);
        }
        var sorted = samples.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"balance at a past time: p50 {Millis(sorted, 0.5):0.000} ms, p99 {Millis(sorted, 0.99):0.000} ms"));

        var statement = new List<long>();
        for (var i = 0; i < 500; i++)
        {
            var begin = Stopwatch.GetTimestamp();
            await reader.GetStatementAsync(accounts[random.Next(Members)], 50);
            statement.Add(Stopwatch.GetTimestamp() - begin);
        }
        var sortedStatement = statement.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"50-line statement page: p50 {Millis(sortedStatement, 0.5):0.000} ms, p99 {Millis(sortedStatement, 0.99):0.000} ms"));

        var verifying = Stopwatch.StartNew();
        var chain = await reader.VerifyLedgerChainAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chain verification of {chain.EntriesChecked:N0} entries: {verifying.Elapsed.TotalSeconds:0.00}s, valid {chain.IsValid}"));

        var reconciling = Stopwatch.StartNew();
        var discrepancies = await reader.ReconcileLedgerAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reconciliation of {postings:N0} postings: {reconciling.Elapsed.TotalSeconds:0.00}s, {discrepancies.Count} discrepancies"));
    }

    private static double Millis(long[] sortedTicks, double quantile) =>
        sortedTicks.Length == 0 ? 0 : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(quantile * sortedTicks.Length))] * 1000.0 / Stopwatch.Frequency;

    private static void Print(string label, Run run) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}: {run.Count,7:N0} transfers, {run.PerSecond,8:N0}/s, p50 {run.P50Ms,7:0.00} ms, p99 {run.P99Ms,7:0.00} ms"));

    private sealed record Run(int Count, double PerSecond, double P50Ms, double P99Ms);
}
