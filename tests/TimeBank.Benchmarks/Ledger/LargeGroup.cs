using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Benchmarks.Ledger;

/// <summary>
/// One large ledger group for the auditor benchmarks (reconciliation, evidence pack): member accounts opened and random
/// transfers between them, all through the real writer, with many callers so its batches stay large and the fsyncs do not
/// dominate the seeding.
/// </summary>
internal static class LargeGroup
{
    public const string Name = "bench";

    /// <summary>
    /// Creates the database and writes <paramref name="postings"/> postings over <paramref name="accountCount"/> accounts.
    /// <paramref name="halfway"/>, when given, is written between the two halves (a period close, say).
    /// </summary>
    public static async Task SeedAsync(
        DbContextOptions<LedgerBenchContext> options, int postings, int accountCount, Func<LedgerWriter<LedgerBenchContext>, Task>? halfway = null)
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
            accounts[i] = (await writer.SubmitAsync(new OpenAccount(Name, $"member-{i}", AccountKind.Member, null, null)
            { IdempotencyKey = $"open-{i}", ActorId = "bench" })).AccountId!.Value));
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
                    // Some memos, so the exports carry text to escape and the chain commits to memo digests.
                    var transfer = Transfer.Between(accounts[debit], accounts[credit], random.Next(1, 120), $"s-{i}", "bench")
                        with
                    { Memo = i % 10 == 0 ? "gardening, two hours" : null };
                    var result = await writer.SubmitAsync(transfer);
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException($"transfer refused: {result.Status}");
                    }
                }
            })));
        }
        await TransferAsync(0, entries / 2);
        if (halfway is not null)
        {
            await halfway(writer);
        }
        await TransferAsync(entries / 2, entries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {postings:N0} postings through the writer in {seeding.Elapsed.TotalSeconds:0.0} s"));
    }
}
