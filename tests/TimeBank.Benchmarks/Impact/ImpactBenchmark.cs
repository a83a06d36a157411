using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Impact;
using TimeBank.Ledger;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Benchmarks.Impact;

/// <summary>
/// <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- impact [--members N] [--postings N] [--samples N] [--dir PATH] [--keep]</c>:
/// <c>communityImpact</c>'s reads (<see cref="CommunityImpactReads"/>) over the last 12 of 24 months of one community of
/// 10,000 members whose ledger holds 1,000,000 postings by default: exchanges in eight categories (one in five direct),
/// donations to the fund and a challenge's pool and contributions from the pool, written through the real ledger writer
/// on a clock that walks the 24 months, the exchanges' rows beside their settlement entries, as the API writes them.
/// p50/p99 of repeated reads, against two baselines measured in the same run on the same file: the community row by
/// primary key (the floor of any request) and the trial balance as of the period's end (issue 14's auditor read).
/// Whole months come from the rollups the triggers filled as the seeding wrote the exchanges' rows; a second measure
/// shifts the year by half a month, so its first and last months are read from the exchanges. It also prints each
/// statement's EXPLAIN QUERY PLAN on this file.
/// </summary>
internal static class ImpactBenchmark
{
    private const string Group = "bench";
    private const int Categories = 8;
    private const int ListingsPerCategory = 250;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string[] args)
    {
        var memberCount = Option(args, "--members", 10_000);
        var postings = Option(args, "--postings", 1_000_000);
        var samples = Option(args, "--samples", 200);
        var root = OptionText(args, "--dir") ?? Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-impact-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "impact.db");
        Console.WriteLine($"impact benchmark: {Environment.ProcessorCount} cores, {memberCount:N0} members, {postings:N0} postings over 24 months, {samples} samples, {path}");
        try
        {
            var options = new DbContextOptionsBuilder<TimeBankDbContext>().UseLedgerSqlite($"Data Source={path}").Options;
            await using (var db = new TimeBankDbContext(options))
            {
                await db.Database.MigrateAsync();
            }
            var seeding = Stopwatch.StartNew();
            await SeedAsync(options, path, memberCount, postings / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  seeded in {seeding.Elapsed.TotalSeconds:0.0} s, {new FileInfo(path).Length / 1024 / 1024} MB"));

            Community community;
            await using (var db = new TimeBankDbContext(options))
            {
                community = await db.Communities.AsNoTracking().SingleAsync();
            }
            // The last 12 of the 24 months.
            var period = ImpactPeriod.Of(Start.AddMonths(12).UtcDateTime, Start.AddMonths(24).UtcDateTime);
            await PlansAsync(options, community, period);

            CommunityImpact? figures = null;
            // Warm the cache once, as a server that has run for a while has it.
            await ReadAsync(options, community, period);
            var impact = await MeasureAsync(samples, async () => figures = await ReadAsync(options, community, period));
            // The same year shifted by half a month: whole months from the rollups, a half month at each end from the exchanges.
            var shifted = ImpactPeriod.Of(Start.AddMonths(12).AddDays(15).UtcDateTime, Start.AddMonths(24).AddDays(-15).UtcDateTime);
            var partial = await MeasureAsync(samples, () => ReadAsync(options, community, shifted));
            var byKey = await MeasureAsync(samples, async () =>
            {
                await using var db = new TimeBankDbContext(options);
                return await db.Communities.AsNoTracking().SingleAsync(c => c.Id == community.Id);
            });
            var trial = await MeasureAsync(samples, async () =>
            {
                await using var db = new TimeBankDbContext(options);
                return await db.GetTrialBalanceAsync(Group, Start.AddMonths(24));
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  figures: {figures!.Exchanges:N0} exchanges, {figures.MinutesExchanged:N0} min in {figures.Categories.Count} categories; active {figures.Members.Active:N0}, " +
                $"reciprocal {figures.Members.Reciprocal:N0}, new {figures.Members.Joined:N0}, quiet {figures.Members.Quiet:N0}; donated {figures.MinutesDonated:N0} min " +
                $"in {figures.Donations:N0}, contributed {figures.MinutesContributed:N0} min in {figures.Contributions:N0}; achieved {figures.ChallengesAchieved}"));
            Print("baseline: the community by primary key", byKey);
            Print("baseline: trial balance as of the period's end", trial);
            Print("communityImpact over 12 months", impact);
            Print("communityImpact over 12 months from the 16th (partial first and last months)", partial);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  impact / trial balance: p50 {impact.P50Ms / trial.P50Ms:0.00}x, p99 {impact.P99Ms / trial.P99Ms:0.00}x; " +
                $"impact / by key: p50 {impact.P50Ms / byKey.P50Ms:0.0}x, p99 {impact.P99Ms / byKey.P99Ms:0.0}x"));
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

    private static async Task<CommunityImpact> ReadAsync(DbContextOptions<TimeBankDbContext> options, Community community, ImpactPeriod period)
    {
        await using var db = new TimeBankDbContext(options);
        return await CommunityImpactReads.ReadAsync(db, community, period, default);
    }

    /// <summary>
    /// The community and its members' accounts through the writer; users, members, categories, listings and a challenge
    /// as rows; then the entries through the writer on the walking clock; then the exchanges' rows, each naming its entry.
    /// </summary>
    private static async Task SeedAsync(DbContextOptions<TimeBankDbContext> options, string path, int memberCount, int entries)
    {
        var clock = new WalkingClock(Start.AddDays(-30));
        var accounts = new long[memberCount];
        long fund, pool, issuance;
        var exchanges = new ExchangeSeed[entries];
        await using (var writer = new LedgerWriter<TimeBankDbContext>(() => new TimeBankDbContext(options), clock))
        {
            async Task<long> OpenAsync(string code, AccountKind kind) =>
                (await writer.SubmitAsync(new OpenAccount(Group, code, kind, null, null) { IdempotencyKey = "open-" + code, ActorId = "bench" })).AccountId!.Value;
            issuance = await OpenAsync("issuance", AccountKind.Issuance);
            fund = await OpenAsync("fund", AccountKind.Fund);
            pool = await OpenAsync("pool-1", AccountKind.Pool);
            // One member in ten joins half way, when the reported period starts; the others a month before the first entry.
            await Task.WhenAll(Enumerable.Range(0, memberCount).Where(i => i % 10 != 9)
                .Select(async i => accounts[i] = await OpenAsync($"member-{i}", AccountKind.Member)));
            await WriteAsync(writer, clock, accounts, fund, pool, exchanges, 0, entries / 2, entries);
            clock.MoveTo(Start.AddMonths(12).AddDays(1));
            await Task.WhenAll(Enumerable.Range(0, memberCount).Where(i => i % 10 == 9)
                .Select(async i => accounts[i] = await OpenAsync($"member-{i}", AccountKind.Member)));
            await WriteAsync(writer, clock, accounts, fund, pool, exchanges, entries / 2, entries, entries);
        }
        Console.WriteLine($"  {entries:N0} entries written through the writer");
        Fill(path, memberCount, accounts, fund, issuance, pool, exchanges);
    }

    /// <summary>Entries <paramref name="first"/> to <paramref name="end"/> (of <paramref name="total"/>), 256 callers so the batches stay large.</summary>
    private static async Task WriteAsync(LedgerWriter<TimeBankDbContext> writer, WalkingClock clock, long[] accounts, long fund, long pool,
        ExchangeSeed[] exchanges, int first, int end, int total)
    {
        var next = first - 1;
        var span = Start.AddMonths(24) - Start;
        await Task.WhenAll(Enumerable.Range(0, 256).Select(caller => Task.Run(async () =>
        {
            var random = new Random((caller * 7919) + first);
            for (var i = Interlocked.Increment(ref next); i < end; i = Interlocked.Increment(ref next))
            {
                clock.MoveTo(Start.AddTicks((long)((double)span.Ticks * i / total)));
                var minutes = random.Next(15, 180);
                var roll = random.Next(100);
                LedgerResult written;
                exchanges[i] = new ExchangeSeed(-1, -1, 0, -1, default, 0);
                if (roll < 2)
                {
                    // A donation to the fund or the pool.
                    written = await writer.SubmitAsync(Transfer.Between(accounts[Pick(accounts, random)], roll == 0 ? fund : pool, minutes, $"gift-{i}", "bench", EntryKind.Donation));
                }
                else if (roll < 3)
                {
                    written = await writer.SubmitAsync(Transfer.Between(pool, accounts[Pick(accounts, random)], minutes, $"pay-{i}", "bench", EntryKind.Contribution));
                }
                else
                {
                    var provider = Pick(accounts, random);
                    var receiver = Pick(accounts, random);
                    while (receiver == provider)
                    {
                        receiver = Pick(accounts, random);
                    }
                    written = await writer.SubmitAsync(Transfer.Between(accounts[receiver], accounts[provider], minutes, $"x-{i}", "bench"));
                    // One exchange in five is direct; the others come from one of the listings, whose category it takes.
                    var listing = random.Next(5) == 0 ? -1 : random.Next(Categories * ListingsPerCategory);
                    exchanges[i] = new ExchangeSeed(provider, receiver, minutes, listing, written.RecordedAt?.UtcDateTime ?? default, written.EntrySequence ?? 0);
                }
                if (!written.Succeeded)
                {
                    throw new InvalidOperationException($"entry {i}: {written.Status}");
                }
            }
        })));
    }

    // Some members are busier than others: one pick in four among the first 5%, so a few hundred carry many exchanges.
    // Members without an account yet (joining later) are passed over.
    private static int Pick(long[] accounts, Random random)
    {
        var i = random.Next(4) == 0 ? random.Next(accounts.Length / 20) : random.Next(accounts.Length);
        while (accounts[i] == 0)
        {
            i = (i + 1) % accounts.Length;
        }
        return i;
    }

    /// <summary>Users, the community, categories, members, listings, a challenge, then the exchanges: one transaction of prepared inserts.</summary>
    private static void Fill(string path, int memberCount, long[] accounts, long fund, long issuance, long pool, ExchangeSeed[] exchanges)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA foreign_keys=OFF; PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragmas.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        var before = Start.UtcDateTime.AddDays(-31);
        Insert(connection, "INSERT INTO Users (Email, IsAdmin, CreatedAt, FailedLoginCount) VALUES ($a, 0, $b, 0)", memberCount,
            (i, p) => { p[0].Value = $"u{i}@bench.local"; p[1].Value = before; });
        Insert(connection, """
            INSERT INTO Communities (Slug, Name, TimeZone, CreatedAt, CreatedByUserId, PolicyVersion, LedgerGroup, FundAccountId, IssuanceAccountId)
            VALUES ('bench', 'bench', 'UTC', $a, 1, 1, $b, $c, $d)
            """, 1, (_, p) => { p[0].Value = before; p[1].Value = Group; p[2].Value = fund; p[3].Value = issuance; });
        Insert(connection, "INSERT INTO Categories (CommunityId, Slug, Name, IsArchived) VALUES (1, $a, $a, 0)", Categories,
            (i, p) => p[0].Value = $"cat{i}");
        Insert(connection, """
            INSERT INTO Members (CommunityId, UserId, DisplayName, BioVisibility, NeighbourhoodVisibility, SkillsVisibility,
                AvailabilityVisibility, Status, Roles, AppliedAt, AccountId)
            VALUES (1, $a, $b, 'Members', 'Members', 'Members', 'Members', 'Active', 1, $c, $d)
            """, memberCount, (i, p) => { p[0].Value = i + 1; p[1].Value = $"Member {i}"; p[2].Value = before; p[3].Value = accounts[i]; });
        Insert(connection, """
            INSERT INTO Listings (CommunityId, OwnerMemberId, Kind, Title, Description, CategoryId, Tags, EstimatedMinutes, ExpiresAt,
                Status, CreatedAt, UpdatedAt, UpdatedByUserId)
            VALUES (1, $a, 'Offer', $b, $b, $c, '', 60, $d, 'Open', $e, $e, $a)
            """, Categories * ListingsPerCategory,
            (i, p) => { p[0].Value = (i % memberCount) + 1; p[1].Value = $"listing {i}"; p[2].Value = (i % Categories) + 1; p[3].Value = before.AddYears(5); p[4].Value = before; });
        Insert(connection, """
            INSERT INTO Challenges (CommunityId, Title, Description, Status, ProposedByMemberId, LeadMemberId, PoolAccountId, CreatedAt, UpdatedAt, Version)
            VALUES (1, 'footbridge', 'footbridge', 'Achieved', 1, 1, $a, $b, $b, 1)
            """, 1, (_, p) => { p[0].Value = pool; p[1].Value = before; });
        Insert(connection, "INSERT INTO ChallengeTransitions (ChallengeId, FromStatus, ToStatus, Action, PrincipalMemberId, At) VALUES (1, $a, $b, $c, 1, $d)", 3,
            (i, p) =>
            {
                p[0].Value = i == 0 ? DBNull.Value : i == 1 ? "Proposed" : "Open";
                p[1].Value = i == 0 ? "Proposed" : i == 1 ? "Open" : "Achieved";
                p[2].Value = i == 0 ? "propose" : i == 1 ? "approve" : "achieve";
                p[3].Value = Start.UtcDateTime.AddMonths(i * 9);
            });
        var settled = exchanges.Where(x => x.Provider >= 0).ToArray();
        Insert(connection, """
            INSERT INTO Exchanges (CommunityId, ProviderMemberId, ReceiverMemberId, ProposedByMemberId, ListingId, Description, AgreedMinutes,
                ActualMinutes, Status, SettlementEntrySequence, CompletedAt, SettledAt, CreatedAt, UpdatedAt, Version)
            VALUES (1, $a, $b, $b, $c, 'help', $d, $d, 'Settled', $e, $f, $f, $f, $f, 3)
            """, settled.Length, (i, p) =>
            {
                var x = settled[i];
                p[0].Value = x.Provider + 1;
                p[1].Value = x.Receiver + 1;
                p[2].Value = x.Listing < 0 ? DBNull.Value : x.Listing + 1;
                p[3].Value = x.Minutes;
                p[4].Value = x.Sequence;
                p[5].Value = x.SettledAt;
            });
        transaction.Commit();
        Console.WriteLine($"  {settled.Length:N0} exchanges' rows written");
    }

    private static async Task PlansAsync(DbContextOptions<TimeBankDbContext> options, Community community, ImpactPeriod period)
    {
        await using var db = new TimeBankDbContext(options);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        var names = new[] { "exchanged", "members", "gifts", "achieved" };
        for (var s = 0; s < CommunityImpactReads.Statements.Count; s++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + CommunityImpactReads.Statements[s];
            command.Parameters.AddRange(CommunityImpactReads.Parameters(community, period));
            Console.WriteLine($"  plan of {names[s]}:");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Console.WriteLine($"    {reader.GetString(3)}");
            }
        }
    }

    private static void Insert(SqliteConnection connection, string sql, int count, Action<int, SqliteParameter[]> fill)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var names = new[] { "$a", "$b", "$c", "$d", "$e", "$f" }.Where(n => sql.Contains(n, StringComparison.Ordinal));
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            fill(i, parameters);
            command.ExecuteNonQuery();
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
        $"  {label}: {run.Count} reads, p50 {run.P50Ms:0.00} ms, p99 {run.P99Ms:0.00} ms"));

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>One seeded entry: an exchange (provider and receiver by member index, listing index or -1), or a gift (provider -1).</summary>
    private readonly record struct ExchangeSeed(int Provider, int Receiver, int Minutes, int Listing, DateTime SettledAt, long Sequence);

    /// <summary>A clock the seeding callers walk forward through the 24 months; it never goes back, as recorded time must not.</summary>
    private sealed class WalkingClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public void MoveTo(DateTimeOffset at)
        {
            var ticks = at.UtcTicks;
            var seen = Volatile.Read(ref _ticks);
            while (ticks > seen)
            {
                var was = Interlocked.CompareExchange(ref _ticks, ticks, seen);
                if (was == seen)
                {
                    return;
                }
                seen = was;
            }
        }

        public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _ticks), TimeSpan.Zero);
    }
}
