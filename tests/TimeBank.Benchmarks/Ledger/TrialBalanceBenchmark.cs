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
/// <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- trial-balance [--accounts N] [--postings N] [--samples N]
/// [--dir PATH] [--keep]</c>: the trial balance of one group at past times (<see cref="TrialBalanceQuery"/>, one seek per
/// account) on a ledger of 10,000 accounts and 1,000,000 postings by default, seeded through the real writer, with
/// p50/p99 latency; beside it, in the same run and on the same file, the baseline an auditor would otherwise run: summing
/// every posting up to the cut per account (a journal scan).
/// </summary>
internal static class TrialBalanceBenchmark
{
    private const string Group = "bench";

    public static async Task RunAsync(string[] args)
    {
        var accountCount = BenchArgs.Option(args, "--accounts", 10_000);
        var postings = BenchArgs.Option(args, "--postings", 1_000_000);
        var samples = BenchArgs.Option(args, "--samples", 200);
        var root = BenchArgs.OptionText(args, "--dir") ?? Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-trial-balance-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var options = LedgerBenchContext.Options($"Data Source={Path.Combine(folder, "ledger.db")}");
            var (first, last) = await SeedAsync(options, accountCount, postings);
            await using var reader = new LedgerBenchContext(options);
            var random = new Random(7);
            DateTimeOffset Sometime() => first + TimeSpan.FromTicks((long)(random.NextDouble() * (last - first).Ticks));

            // Warm the cache once, as a server that has run for a while has it.
            var check = await reader.GetTrialBalanceAsync(Group, last);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trial balance: {check.Total.Accounts:N0} accounts, debit balances {check.Total.DebitBalanceMinutes:N0} min, net {check.Total.NetMinutes}"));
            var seeks = await MeasureAsync(samples, () => reader.GetTrialBalanceAsync(Group, Sometime()));
            Print("trial balance as of a past time (seeks)", seeks);
            var now = await MeasureAsync(samples, () => reader.GetTrialBalanceAsync(Group));
            Print("trial balance now (account totals)", now);
            var scan = await MeasureAsync(Math.Max(3, samples / 20), () => ScanAsync(reader, Sometime()));
            Print("baseline: sum of postings up to the cut (scan)", scan);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  seeks / scan at p50: {seeks.P50Ms / scan.P50Ms:0.000}x, at p99: {seeks.P99Ms / scan.P99Ms:0.000}x"));
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

    /// <summary>Opens the accounts and writes transfers between random pairs, 256 callers so the batches stay large.</summary>
    private static async Task<(DateTimeOffset First, DateTimeOffset Last)> SeedAsync(DbContextOptions<LedgerBenchContext> options, int accountCount, int postings)
    {
        await using (var context = new LedgerBenchContext(options))
        {
            await context.Database.EnsureCreatedAsync();
            await context.Database.ExecuteSqlRawAsync(LedgerSql.AllSqliteTriggers);
        }
        var seeding = Stopwatch.StartNew();
        var accounts = new long[accountCount];
        var first = DateTimeOffset.UtcNow;
        await using (var writer = new LedgerWriter<LedgerBenchContext>(() => new LedgerBenchContext(options)))
        {
            var kinds = new[] { AccountKind.Issuance, AccountKind.Fund, AccountKind.Pool };
            await Task.WhenAll(Enumerable.Range(0, accountCount).Select(async i =>
            {
                var kind = i < kinds.Length ? kinds[i] : AccountKind.Member;
                accounts[i] = (await writer.SubmitAsync(new OpenAccount(Group, $"a{i}", kind, null, null) { IdempotencyKey = $"open-{i}", ActorId = "bench" })).AccountId!.Value;
            }));
            var entries = postings / 2;
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 256).Select(caller => Task.Run(async () =>
            {
                var random = new Random(caller);
                for (var i = Interlocked.Increment(ref next); i < entries; i = Interlocked.Increment(ref next))
                {
                    var debit = random.Next(accountCount);
                    var credit = (debit + 1 + random.Next(accountCount - 1)) % accountCount;
                    await writer.SubmitAsync(Transfer.Between(accounts[debit], accounts[credit], random.Next(1, 120), $"s-{i}", "bench"));
                }
            })));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {accountCount:N0} accounts and {postings:N0} postings through the writer in {seeding.Elapsed.TotalSeconds:0.0}s"));
        return (first, DateTimeOffset.UtcNow);
    }

    /// <summary>The baseline: every account's balance summed from its postings up to the cut, the way without running balances.</summary>
    private static async Task<long> ScanAsync(LedgerBenchContext context, DateTimeOffset at)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT COALESCE(SUM(CASE WHEN b > 0 THEN b ELSE 0 END), 0) FROM (
                  SELECT SUM(CASE p."Side" WHEN 'Credit' THEN p."AmountMinutes" ELSE -p."AmountMinutes" END) AS b
                  FROM "LedgerPostings" p JOIN "LedgerEntries" e ON e."Sequence" = p."EntrySequence"
                  JOIN "LedgerAccounts" a ON a."Id" = p."AccountId"
                  WHERE a."LedgerGroup" = @group AND e."RecordedAtUnixMs" <= @at
                  GROUP BY p."AccountId")
                """;
            command.Parameters.Add(new SqliteParameter("@group", Group));
            command.Parameters.Add(new SqliteParameter("@at", at.ToUnixTimeMilliseconds()));
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    private static async Task<(double P50Ms, double P99Ms, int Count)> MeasureAsync<T>(int count, Func<Task<T>> read)
    {
        var ticks = new long[count];
        for (var i = 0; i < count; i++)
        {
            var begin = Stopwatch.GetTimestamp();
            await read();
            ticks[i] = Stopwatch.GetTimestamp() - begin;
        }
        Array.Sort(ticks);
        return (Millis(ticks, 0.5), Millis(ticks, 0.99), count);
    }

    private static double Millis(long[] sortedTicks, double quantile) =>
        sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(quantile * sortedTicks.Length))] * 1000.0 / Stopwatch.Frequency;

    private static void Print(string label, (double P50Ms, double P99Ms, int Count) run) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}: {run.Count} reads, p50 {run.P50Ms:0.00} ms, p99 {run.P99Ms:0.00} ms"));
}
