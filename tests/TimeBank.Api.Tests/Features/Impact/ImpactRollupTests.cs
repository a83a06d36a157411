using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Impact;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Tests.Features.Impact;

/// <summary>
/// The monthly rollups communityImpact reads whole months from are kept by triggers (docs/impact.md). After a random
/// mix of settlements, reversals and listings' category changes over five months, written over the API, the rollups'
/// rows equal a GROUP BY of the raw rows and what the backfill makes of them, and communityImpact's answer for
/// whole months, partial months and a single day equals a straightforward recomputation from the raw rows in memory.
/// </summary>
public sealed class ImpactRollupTests : IAsyncLifetime
{
    private static readonly string[] People = ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"];

    // The clock walks months ahead: access tokens outlive the whole history rather than being renewed at every step.
    private readonly TimeBankApplication _app = new() { Settings = new Dictionary<string, string> { ["Auth:AccessTokenLifetime"] = "400.00:00:00" } };

    private TestCommunity _community = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _community = await TestCommunity.CreateAsync(_app, admin, "rollup", People);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AfterRandomSettlementsReversalsAndCategoryChangesTheRollupsAgreeWithTheRawRows()
    {
        var categories = (await _app.GraphQLAsync("{ community(slug: \"rollup\") { categories { id } } }", token: _community.People["coordinator"].Token))
            ["data"]!["community"]!["categories"]!.AsArray().Select(c => (string)c!["id"]!).Take(3).ToArray();
        var random = new Random(1515);
        var at = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        var settled = new List<(long Id, string Provider, string Receiver, int Minutes)>();
        // What each member's balance moved by, so receivers are picked among the better off and no hold meets a floor.
        var moved = People.ToDictionary(p => p, _ => 0);
        var listings = new List<(string Id, DateTimeOffset CreatedAt)>();
        var (exchanges, reversals, recategorised) = (0, 0, 0);
        while (at < new DateTimeOffset(2027, 4, 20, 0, 0, 0, TimeSpan.Zero))
        {
            at = at.AddHours(random.Next(4, 60));
            _app.Clock.SetUtcNow(at);
            var roll = random.Next(10);
            if (roll == 0 && settled.Count > 0)
            {
                var exchange = settled[random.Next(settled.Count)];
                settled.Remove(exchange);
                await ReverseAsync(exchange.Id);
                (moved[exchange.Provider], moved[exchange.Receiver]) = (moved[exchange.Provider] - exchange.Minutes, moved[exchange.Receiver] + exchange.Minutes);
                reversals++;
            }
            else if (roll == 1 && listings.FindAll(l => l.CreatedAt > at.AddDays(-20)) is { Count: > 0 } recent)
            {
                var listing = recent[random.Next(recent.Count)].Id;
                await _community.OkAsync(_app, "coordinator", "updateListing", new { listingId = listing, categoryId = categories[random.Next(categories.Length)] });
                recategorised++;
            }
            else
            {
                var provider = People[random.Next(People.Length)];
                var better = People.Where(p => p != provider).OrderByDescending(p => moved[p]).Take(4).ToArray();
                var receiver = better[random.Next(better.Length)];
                var category = random.Next(4) == 0 ? null : categories[random.Next(categories.Length)];
                var minutes = random.Next(10, 120);
                var (exchange, listing) = await ExchangeAsync(provider, receiver, minutes, category);
                settled.Add((exchange, provider, receiver, minutes));
                (moved[provider], moved[receiver]) = (moved[provider] + minutes, moved[receiver] - minutes);
                if (listing is not null)
                {
                    listings.Add((listing, at));
                }
                exchanges++;
            }
        }
        Assert.True(exchanges > 40 && reversals > 3 && recategorised > 3, $"{exchanges} exchanges, {reversals} reversals, {recategorised} category changes");

        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        // A month whose exchanges were all reversed keeps its row, at zero.
        var kept = (await RollupRowsAsync(db)).Where(r => r.Minutes != 0 || r.Exchanges != 0 || r.Gave != 0 || r.Received != 0).ToList();
        Assert.Equal(await RecomputedRollupRowsAsync(db), kept);
        // The backfill, run on the same history, makes the same rows as the triggers kept.
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"ImpactMonths\"; DELETE FROM \"ImpactMemberMonths\";");
        await db.Database.ExecuteSqlRawAsync(ImpactRollupSql.Backfill);
        Assert.Equal(kept, await RollupRowsAsync(db));

        var community = await db.Communities.AsNoTracking().SingleAsync(c => c.Slug == "rollup");
        foreach (var (from, to) in new[]
        {
            (Utc(2026, 12, 1), Utc(2027, 4, 1)),          // whole months only
            (Utc(2026, 11, 1), Utc(2027, 5, 1)),          // the whole history
            (Utc(2026, 12, 14, 13), Utc(2027, 3, 9, 7)),  // partial first and last months around whole ones
            (Utc(2027, 1, 20), Utc(2027, 2, 10)),         // two partial months, no whole one
            (Utc(2027, 2, 3), Utc(2027, 2, 4)),           // one day
            (Utc(2027, 3, 1), Utc(2027, 3, 31)),          // all of a month but its last day
        })
        {
            var period = ImpactPeriod.Of(from, to);
            var read = await CommunityImpactReads.ReadAsync(db, community, period, default);
            var expected = await RecomputeAsync(db, community.Id, period);
            var label = $"{from:O} to {to:O}";
            Assert.True(expected.Months.SequenceEqual(read.Months.Select(m => (m.StartsAt, m.Minutes, m.Exchanges))), label);
            Assert.True(expected.Categories.SequenceEqual(read.Categories.Select(c => (c.CategoryId, string.Join(",", c.MinutesByMonth), string.Join(",", c.ExchangesByMonth)))), label);
            Assert.Equal(expected.Members, (read.Members.Active, read.Members.Givers, read.Members.Receivers, read.Members.Reciprocal, read.Members.Joined, read.Members.Quiet));
        }
    }

    private static DateTime Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>The figures communityImpact reports on exchanges and members, worked out from the raw rows in memory.</summary>
    private static async Task<(List<(DateTime, long, long)> Months, List<(long?, string, string)> Categories, (long, long, long, long, long, long) Members)>
        RecomputeAsync(TimeBankDbContext db, long communityId, ImpactPeriod period)
    {
        var reversed = (await db.Set<LedgerEntry>().Where(e => e.ReversesSequence != null).Select(e => e.ReversesSequence!.Value).ToListAsync()).ToHashSet();
        var categoryOf = await db.Listings.ToDictionaryAsync(l => l.Id, l => (long?)l.CategoryId);
        var counted = (await db.Exchanges.Where(x => x.CommunityId == communityId && x.SettlementEntrySequence != null && x.SettledAt != null).ToListAsync())
            .Where(x => !reversed.Contains(x.SettlementEntrySequence!.Value)).ToList();
        bool In(DateTime at, DateTime from) => at >= from && at < period.To;
        var inPeriod = counted.Where(x => In(x.SettledAt!.Value, period.From)).ToList();
        static DateTime MonthOf(DateTime at) => new(at.Year, at.Month, 1, 0, 0, 0, DateTimeKind.Utc);

        var months = period.Months.Select(m => (m, inPeriod.Where(x => MonthOf(x.SettledAt!.Value) == m).Sum(x => (long)x.ActualMinutes!.Value),
            (long)inPeriod.Count(x => MonthOf(x.SettledAt!.Value) == m))).ToList();
        var categories = inPeriod.GroupBy(x => x.ListingId is { } listing ? categoryOf[listing] : null)
            .Select(g => (Key: g.Key, Minutes: g.Sum(x => (long)x.ActualMinutes!.Value),
                ByMonth: period.Months.Select(m => g.Where(x => MonthOf(x.SettledAt!.Value) == m)).ToList()))
            .OrderByDescending(c => c.Minutes).ThenBy(c => c.Key is null).ThenBy(c => c.Key)
            .Select(c => (c.Key, string.Join(",", c.ByMonth.Select(xs => xs.Sum(x => (long)x.ActualMinutes!.Value))), string.Join(",", c.ByMonth.Select(xs => xs.Count()))))
            .ToList();

        var opened = await db.Set<LedgerAccount>().ToDictionaryAsync(a => a.Id, a => a.OpenedAt.UtcDateTime);
        var members = await db.Members.Where(m => m.CommunityId == communityId && m.AccountId != null).ToListAsync();
        var givers = inPeriod.Select(x => x.ProviderMemberId).ToHashSet();
        var receivers = inPeriod.Select(x => x.ReceiverMemberId).ToHashSet();
        var lately = counted.Where(x => In(x.SettledAt!.Value, period.QuietSince)).SelectMany(x => new[] { x.ProviderMemberId, x.ReceiverMemberId }).ToHashSet();
        var active = givers.Union(receivers).Count();
        var joined = members.Count(m => In(opened[m.AccountId!.Value], period.From));
        var quiet = members.Count(m => m.Status == MemberStatus.Active && opened[m.AccountId!.Value] <= period.QuietSince && !lately.Contains(m.Id));
        return (months, categories, (active, givers.Count, receivers.Count, givers.Intersect(receivers).Count(), joined, quiet));
    }

    private static Task<List<RollupRow>> RollupRowsAsync(TimeBankDbContext db) => db.Database.SqlQueryRaw<RollupRow>("""
        SELECT 'c' || "CommunityId" || ' ' || "Month" || ' k' || "CategoryKey" AS "Key", "Minutes", "Exchanges", 0 AS "Gave", 0 AS "Received" FROM "ImpactMonths"
        UNION ALL
        SELECT 'm' || "MemberId" || ' ' || "Month", 0, 0, "Gave", "Received" FROM "ImpactMemberMonths"
        ORDER BY 1
        """).ToListAsync();

    /// <summary>The rollups' rows (those not zero) as a GROUP BY of the raw rows would make them, written out plainly.</summary>
    private static Task<List<RollupRow>> RecomputedRollupRowsAsync(TimeBankDbContext db) => db.Database.SqlQueryRaw<RollupRow>("""
        WITH "Counted" AS (
            SELECT x.* FROM "Exchanges" x
            WHERE x."SettlementEntrySequence" IS NOT NULL AND x."SettledAt" IS NOT NULL
              AND x."SettlementEntrySequence" NOT IN (SELECT "ReversesSequence" FROM "LedgerEntries" WHERE "ReversesSequence" IS NOT NULL))
        SELECT 'c' || x."CommunityId" || ' ' || substr(x."SettledAt", 1, 7) || ' k' || COALESCE(l."CategoryId", 0) AS "Key",
               SUM(x."ActualMinutes") AS "Minutes", COUNT(*) AS "Exchanges", 0 AS "Gave", 0 AS "Received"
        FROM "Counted" x LEFT JOIN "Listings" l ON l."Id" = x."ListingId"
        GROUP BY 1
        UNION ALL
        SELECT 'm' || "MemberId" || ' ' || "Month", 0, 0, SUM("Gave"), SUM("Received") FROM (
            SELECT "ProviderMemberId" AS "MemberId", substr("SettledAt", 1, 7) AS "Month", 1 AS "Gave", 0 AS "Received" FROM "Counted"
            UNION ALL SELECT "ReceiverMemberId", substr("SettledAt", 1, 7), 0, 1 FROM "Counted")
        GROUP BY 1
        ORDER BY 1
        """).ToListAsync();

    private async Task<(long Exchange, string? Listing)> ExchangeAsync(string provider, string receiver, int minutes, string? categoryId)
    {
        if (categoryId is null)
        {
            var recorded = await _community.OkAsync(_app, receiver, "recordExchange", new { providerMemberId = _community.People[provider].MemberId, minutes }, "exchange { id }");
            return (Key((string)recorded["exchange"]!["id"]!), null);
        }
        var created = await _community.OkAsync(_app, provider, "createListing",
            new { communityId = _community.Id, kind = "OFFER", title = $"{provider} helps", categoryId, estimatedMinutes = minutes }, "listing { id }");
        var listing = (string)created["listing"]!["id"]!;
        var requested = await _community.OkAsync(_app, receiver, "requestExchange", new { listingId = listing, minutes }, "exchange { id }");
        var id = (string)requested["exchange"]!["id"]!;
        await _community.OkAsync(_app, provider, "acceptExchange", new { exchangeId = id });
        await _community.OkAsync(_app, provider, "completeExchange", new { exchangeId = id, minutes });
        await _community.OkAsync(_app, receiver, "acknowledgeExchange", new { exchangeId = id });
        return (Key(id), listing);
    }

    private async Task ReverseAsync(long exchangeId)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var sequence = await db.Exchanges.Where(x => x.Id == exchangeId).Select(x => x.SettlementEntrySequence!.Value).SingleAsync();
        await _community.OkAsync(_app, "coordinator", "reverseEntry", new { entryId = GlobalId.Encode("LedgerEntry", sequence), reason = "recorded by mistake" });
    }

    private static long Key(string id) => GlobalId.TryDecode<long>(id, "Exchange", out var key) ? key : throw new InvalidOperationException(id);

    /// <summary>One rollup row, both tables in one shape: its key as text, its sums.</summary>
    private sealed record RollupRow
    {
        public required string Key { get; init; }

        public long Minutes { get; init; }

        public long Exchanges { get; init; }

        public long Gave { get; init; }

        public long Received { get; init; }
    }
}
