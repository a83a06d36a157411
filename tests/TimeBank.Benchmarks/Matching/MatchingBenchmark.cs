using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Matching;
using TimeBank.GraphQL.Connections;
using TimeBank.Ledger;

namespace TimeBank.Benchmarks.Matching;

/// <summary>
/// Load driver for matching and search: <c>dotnet run -c Release --project tests/TimeBank.Benchmarks -- matching
/// [--listings N] [--communities N] [--runs N] [--dir PATH] [--keep]</c>. Fills one SQLite file (the real
/// migrations, the real FTS5 index) with N open listings spread over categories, tags, neighbourhoods and a
/// Zipf-distributed vocabulary, then measures p50/p99 of: a primary-key read of one listing (the baseline),
/// matching one new listing (<see cref="ListingMatcher.MatchAsync"/> and the save of its matches and events,
/// rolled back afterwards so every run meets the same N), and a first page of 20 of the <c>listings</c>
/// query with text (<see cref="ListingQueries.PageAsync"/>), newest first and by relevance. Each operation
/// uses a DbContext of its own, as a request does.
/// </summary>
internal static class MatchingBenchmark
{
    private const int MembersPerCommunity = 2000;
    private const int CategoriesPerCommunity = 15;
    private const int Vocabulary = 5000;

    private static readonly string[] Neighbourhoods =
        ["Riverside", "Old Town", "Hillside", "Harbour", "Northgate", "Eastfield", "Westbrook", "Southmead", "Canal Side", "Market Square"];

    public static async Task RunAsync(string[] args)
    {
        var listings = BenchArgs.Option(args, "--listings", 100_000);
        var communities = BenchArgs.Option(args, "--communities", 1);
        var runs = BenchArgs.Option(args, "--runs", 1000);
        var root = BenchArgs.OptionText(args, "--dir") ?? Path.GetTempPath();
        var folder = Path.Combine(root, "timebank-matching-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "matching.db");
        Console.WriteLine($"matching load driver: {Environment.ProcessorCount} cores, {listings:N0} open listings in {communities} communit{(communities == 1 ? "y" : "ies")}, {runs} runs each, {path}");
        try
        {
            var options = new DbContextOptionsBuilder<TimeBankDbContext>()
                .UseLedgerSqlite($"Data Source={path}")
                .Options;
            await using (var db = new TimeBankDbContext(options))
            {
                await db.Database.MigrateAsync();
            }
            var words = Words(Vocabulary);
            var load = Stopwatch.StartNew();
            Fill(path, listings, communities, words);
            Console.WriteLine($"  loaded in {load.Elapsed.TotalSeconds:0.0} s, {new FileInfo(path).Length / 1024 / 1024} MB");

            var random = new Random(42);
            var clock = TimeProvider.System;
            var baseline = await MeasureAsync(runs, async () =>
            {
                await using var db = new TimeBankDbContext(options);
                var id = random.NextInt64(1, listings + 1);
                _ = await db.Listings.AsNoTracking().SingleAsync(l => l.Id == id);
            });
            var matched = new List<int>();
            var matching = await MeasureAsync(runs, async () =>
            {
                await using var db = new TimeBankDbContext(options);
                await using var transaction = await db.Database.BeginTransactionAsync();
                var listing = db.Listings.Add(NewListing(random, words, communities, DateTime.UtcNow)).Entity;
                await db.SaveChangesAsync();
                var started = Stopwatch.GetTimestamp();
                var found = await ListingMatcher.MatchAsync(db, listing, clock, default);
                await db.SaveChangesAsync();
                var elapsed = Stopwatch.GetElapsedTime(started);
                matched.Add(found.Count);
                await transaction.RollbackAsync();
                return elapsed;
            });
            var newest = await MeasureAsync(runs, () => SearchAsync(options, random, words, communities, ListingSort.Newest));
            var relevance = await MeasureAsync(runs, () => SearchAsync(options, random, words, communities, ListingSort.Relevance));

            Print("baseline: listing by primary key", baseline, baseline);
            Print("matching one new listing", matching, baseline);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    matches stored per listing: mean {matched.Average():0.0}, max {matched.Max()}; candidates at most {ListingMatcher.CategoryCandidates} + {ListingMatcher.TextCandidates}"));
            Print("search page, 20 newest with text", newest, baseline);
            Print("search page, 20 by relevance", relevance, baseline);
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

    private static async Task SearchAsync(DbContextOptions<TimeBankDbContext> options, Random random, string[] words, int communities, ListingSort sort)
    {
        await using var db = new TimeBankDbContext(options);
        // Two words of a title, as someone types them: a common one and a rarer one.
        var text = words[Zipf(random, words.Length)] + " " + words[Zipf(random, words.Length / 10) + 50];
        var page = await ListingQueries.PageAsync(db, random.Next(1, communities + 1), new ListingFilter(Text: text), sort, new PageRequest(First: 20), default);
        _ = page.Edges.Count;
    }

    /// <summary>Users, communities, categories and members, then the listings, in one transaction of prepared inserts.</summary>
    private static void Fill(string path, int listings, int communities, string[] words)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            // A bulk load of a throwaway file: the ledger accounts a community row points to are not needed here.
            pragmas.CommandText = "PRAGMA foreign_keys=OFF; PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragmas.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        var now = DateTime.UtcNow;
        var members = communities * MembersPerCommunity;
        Insert(connection, "INSERT INTO Users (Email, IsAdmin, CreatedAt, FailedLoginCount) VALUES ($a, 0, $b, 0)", members,
            (i, p) => { p[0].Value = $"u{i}@bench.local"; p[1].Value = now; });
        Insert(connection, """
            INSERT INTO Communities (Slug, Name, TimeZone, CreatedAt, CreatedByUserId, PolicyVersion, LedgerGroup, FundAccountId, IssuanceAccountId)
            VALUES ($a, $a, 'UTC', $b, 1, 1, $a, 0, 0)
            """, communities, (i, p) => { p[0].Value = $"c{i}"; p[1].Value = now; });
        Insert(connection, "INSERT INTO Categories (CommunityId, Slug, Name, IsArchived) VALUES ($a, $b, $b, 0)", communities * CategoriesPerCommunity,
            (i, p) => { p[0].Value = (i / CategoriesPerCommunity) + 1; p[1].Value = $"cat{i % CategoriesPerCommunity}"; });
        Insert(connection, """
            INSERT INTO Members (CommunityId, UserId, DisplayName, Neighbourhood, BioVisibility, NeighbourhoodVisibility, SkillsVisibility,
                AvailabilityVisibility, Status, Roles, AppliedAt)
            VALUES ($a, $b, $c, $d, 'Members', 'Members', 'Members', 'Members', 'Active', 1, $e)
            """, members,
            (i, p) => { p[0].Value = (i / MembersPerCommunity) + 1; p[1].Value = i + 1; p[2].Value = $"Member {i}"; p[3].Value = Neighbourhoods[i % Neighbourhoods.Length]; p[4].Value = now; });
        var random = new Random(7);
        Insert(connection, """
            INSERT INTO Listings (CommunityId, OwnerMemberId, Kind, Title, Description, CategoryId, Tags, EstimatedMinutes, Neighbourhood, ExpiresAt,
                Status, CreatedAt, UpdatedAt, UpdatedByUserId)
            VALUES ($a, $b, $c, $d, $e, $f, $g, 60, $h, $i, 'Open', $j, $j, $k)
            """, listings, (_, p) =>
            {
                var l = NewListing(random, words, communities, now);
                p[0].Value = l.CommunityId;
                p[1].Value = l.OwnerMemberId;
                p[2].Value = l.Kind.ToString();
                p[3].Value = l.Title;
                p[4].Value = l.Description;
                p[5].Value = l.CategoryId;
                p[6].Value = l.Tags;
                p[7].Value = l.Neighbourhood;
                p[8].Value = l.ExpiresAt;
                p[9].Value = l.CreatedAt;
                p[10].Value = l.OwnerMemberId;
            });
        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.ExecuteNonQuery();
    }

    private static void Insert(SqliteConnection connection, string sql, int count, Action<int, SqliteParameter[]> fill)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var names = new[] { "$a", "$b", "$c", "$d", "$e", "$f", "$g", "$h", "$i", "$j", "$k" }.Where(n => sql.Contains(n, StringComparison.Ordinal));
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            fill(i, parameters);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// A listing like the others: a community and category at random, words of its category and of a Zipf
    /// vocabulary, one to three of its category's tags, created in the last 60 days.
    /// </summary>
    private static Listing NewListing(Random random, string[] words, int communities, DateTime now)
    {
        var community = random.Next(communities);
        var category = random.Next(CategoriesPerCommunity);
        var owner = (community * MembersPerCommunity) + random.Next(MembersPerCommunity);
        string Word() => random.Next(3) == 0 ? words[(category * 40) + random.Next(40)] : words[Zipf(random, words.Length)];
        var created = now.AddMinutes(-random.Next(60 * 24 * 60));
        return new Listing
        {
            CommunityId = community + 1,
            OwnerMemberId = owner + 1,
            Kind = random.Next(2) == 0 ? ListingKind.Offer : ListingKind.Request,
            Title = string.Join(' ', Enumerable.Range(0, random.Next(2, 6)).Select(_ => Word())),
            Description = string.Join(' ', Enumerable.Range(0, random.Next(5, 25)).Select(_ => Word())),
            CategoryId = (community * CategoriesPerCommunity) + category + 1,
            Tags = ListingText.JoinTags(Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{words[(category * 40) + random.Next(10)]}")),
            EstimatedMinutes = 60,
            Neighbourhood = Neighbourhoods[random.Next(Neighbourhoods.Length)],
            ExpiresAt = created.AddDays(90),
            Status = ListingStatus.Open,
            CreatedAt = created,
            UpdatedAt = created,
            UpdatedByUserId = owner + 1,
        };
    }

    /// <summary>An index in [0, n) where small indexes are far more likely, as word frequencies are.</summary>
    private static int Zipf(Random random, int n) => (int)Math.Min(n - 1, Math.Floor(Math.Pow(n + 1, random.NextDouble()) - 1));

    /// <summary>Distinct pronounceable words, none a prefix of another five-letter stem too often to matter.</summary>
    private static string[] Words(int count)
    {
        string[] onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "pl", "gr"];
        string[] vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        string[] codas = ["n", "r", "s", "t", "l", "m", "nd", "rk", "st", "ng"];
        var random = new Random(1);
        var words = new HashSet<string>();
        while (words.Count < count)
        {
            var syllables = random.Next(2, 4);
            var word = string.Concat(Enumerable.Range(0, syllables).Select(_ => onsets[random.Next(onsets.Length)] + vowels[random.Next(vowels.Length)]))
                + codas[random.Next(codas.Length)];
            words.Add(word);
        }
        return [.. words];
    }

    private static async Task<List<double>> MeasureAsync(int runs, Func<Task> operation) =>
        await MeasureAsync(runs, async () =>
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            return Stopwatch.GetElapsedTime(started);
        });

    /// <summary>Milliseconds of each run after a warm-up of a tenth as many.</summary>
    private static async Task<List<double>> MeasureAsync(int runs, Func<Task<TimeSpan>> operation)
    {
        for (var i = 0; i < Math.Max(10, runs / 10); i++)
        {
            await operation();
        }
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            times.Add((await operation()).TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static void Print(string label, List<double> times, List<double> baseline) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-36} p50 {Percentile(times, 0.50),7:0.000} ms  p99 {Percentile(times, 0.99),7:0.000} ms  max {times[^1],7:0.000} ms  p50 / baseline p50 {Percentile(times, 0.50) / Percentile(baseline, 0.50),6:0.0}x"));
}
