using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Impact;

/// <summary>
/// A small community with a known history, made once: "impact" (a coordinator, ten members ana to jo, an auditor aud;
/// kim joins in December, lou in January), exchanges across November 2026 to March 2027 in three categories and
/// direct ones, one settlement reversed, donations, a grant and contributions on a challenge's pool, challenges
/// achieved and closed; beside it "hillside" (hal, and hugo its auditor) with an exchange of its own in the period.
/// Every step's time is set on the fake clock, so the expected figures in <see cref="CommunityImpactFixtureTests"/>
/// are worked out by hand from the table in <see cref="InitializeAsync"/>.
/// </summary>
public sealed class ImpactFixture : IAsyncLifetime
{
    /// <summary>The test classes that read the history share one: it takes a hundred or so API calls to make.</summary>
    public const string Collection = "impact history";

    public static readonly string[] People = ["ana", "ben", "cara", "dan", "eva", "finn", "gus", "hana", "ivo", "jo", "aud"];

    // The clock jumps months ahead between steps: access tokens outlive the whole history rather than being renewed at every jump.
    public TimeBankApplication App { get; } = new() { Settings = new Dictionary<string, string> { ["Auth:AccessTokenLifetime"] = "400.00:00:00" } };

    public string AdminToken { get; private set; } = "";

    public TestCommunity Impact { get; private set; } = null!;

    public TestCommunity Hillside { get; private set; } = null!;

    /// <summary>The first three categories of the community, as the tests call them.</summary>
    public string CategoryA { get; private set; } = "";

    public string CategoryB { get; private set; } = "";

    public string CategoryC { get; private set; } = "";

    public string Token(string person) => person switch
    {
        "" => "",
        "hal" or "hugo" or "hillside-coordinator" => Hillside.People[person == "hillside-coordinator" ? "coordinator" : person].Token,
        _ => Impact.People[person].Token,
    };

    public async Task InitializeAsync()
    {
        AdminToken = await App.RegisterAsync(TimeBankApplication.AdminEmail);
        // 2026-11-25 09:00: both communities made, everyone approved (their accounts open now).
        Impact = await TestCommunity.CreateAsync(App, AdminToken, "impact", People);
        Hillside = await TestCommunity.CreateAsync(App, AdminToken, "hillside", "hal", "hugo");
        await RolesAsync(Impact.People["aud"].MemberId, auditor: true);
        await RolesAsync(Hillside.People["hugo"].MemberId, auditor: true);
        var categories = (await App.GraphQLAsync("{ community(slug: \"impact\") { categories { id } } }", token: AdminToken))["data"]!["community"]!["categories"]!.AsArray();
        (CategoryA, CategoryB, CategoryC) = ((string)categories[0]!["id"]!, (string)categories[1]!["id"]!, (string)categories[2]!["id"]!);

        var pool = await ChallengesAsync();
        At(2026, 11, 28); await ExchangeAsync("ivo", "jo", 30, CategoryA);          // X0: before the period
        At(2026, 11, 29); await GiftAsync("ana", pool, 10, EntryKind.Donation, "d0"); // before the period
        At(2026, 12, 5); await ExchangeAsync("ana", "ben", 60, CategoryA);          // X1
        At(2026, 12, 5, 11); await ExchangeAsync("ben", "ana", 45, CategoryB);      // X2
        At(2026, 12, 10); await JoinAsync("kim");
        At(2026, 12, 10, 12); await ExchangeAsync("cara", "dan", 30, null);         // X3: direct
        At(2026, 12, 12); await ExchangeAsync("eva", "kim", 20, CategoryC);         // X4
        At(2027, 1, 8); await JoinAsync("lou");
        At(2027, 1, 9); await ExchangeAsync("ana", "cara", 90, CategoryA);          // X5
        At(2027, 1, 10); await GiftAsync("hana", pool, 30, EntryKind.Donation, "d1");
        At(2027, 1, 12); await GiftAsync("dan", "fund", 20, EntryKind.Donation, "d2");
        At(2027, 1, 13); await GiftAsync("fund", pool, 15, EntryKind.Grant, "g1");      // a grant is neither
        At(2027, 1, 15); await ExchangeAsync("dan", "cara", 40, CategoryB);         // X6
        At(2027, 1, 16); await HillsideExchangeAsync();                              // hillside's own
        At(2027, 1, 20); await ExchangeAsync("finn", "gus", 25, null);              // X7: direct
        At(2027, 2, 3); await ExchangeAsync("cara", "ana", 50, CategoryC);          // X8
        At(2027, 2, 5); await GiftAsync(pool, "gus", 25, EntryKind.Contribution, "c1");
        At(2027, 2, 10); var reversed = await ExchangeAsync("hana", "ivo", 35, CategoryA); // X9: reversed next day
        At(2027, 2, 11); await ReverseAsync(reversed);
        At(2027, 2, 20); await ExchangeAsync("gus", "finn", 15, CategoryB);         // X10
        At(2027, 3, 16); await GiftAsync(pool, "finn", 5, EntryKind.Contribution, "c2"); // after the period
        At(2027, 3, 20); await ExchangeAsync("jo", "ivo", 10, CategoryA);           // X11: after the period
    }

    /// <summary>communityImpact of "impact" (or <paramref name="communityId"/>) as <paramref name="person"/>.</summary>
    public Task<JsonObject> ImpactAsync(string person, string from, string to, string selection, string? communityId = null) =>
        App.GraphQLAsync($"query($c: ID!, $from: DateTime!, $to: DateTime!) {{ communityImpact(communityId: $c, from: $from, to: $to) {{ {selection} }} }}",
            new { c = communityId ?? Impact.Id, from, to }, person.Length == 0 ? null : Token(person));

    private void At(int year, int month, int day, int hour = 10) => App.Clock.SetUtcNow(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero));

    private async Task RolesAsync(string memberId, bool auditor) => TestCommunity.Ok(await App.GraphQLAsync(
        "mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { errors { code message } } }",
        new { input = new { memberId, coordinator = false, auditor } }, AdminToken), "setMemberRoles");

    private async Task JoinAsync(string person)
    {
        var token = await App.RegisterAsync($"{person}.impact@test.local");
        var memberId = await TestCommunity.JoinAsync(App, token, Impact.Id, person);
        TestCommunity.Ok(await App.GraphQLAsync("mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
            new { input = new { memberId } }, Impact.People["coordinator"].Token), "approveMember");
        Impact.People[person] = (token, memberId);
    }

    /// <summary>
    /// An exchange settled now: from the provider's offer in <paramref name="categoryId"/> (requested, accepted,
    /// completed, acknowledged), or recorded by the receiver when there is no category. Returns the exchange's key.
    /// </summary>
    private async Task<long> ExchangeAsync(string provider, string receiver, int minutes, string? categoryId)
    {
        string id;
        if (categoryId is null)
        {
            var recorded = await Impact.OkAsync(App, receiver, "recordExchange", new { providerMemberId = Impact.People[provider].MemberId, minutes }, "exchange { id }");
            id = (string)recorded["exchange"]!["id"]!;
        }
        else
        {
            var listing = await Impact.OkAsync(App, provider, "createListing",
                new { communityId = Impact.Id, kind = "OFFER", title = $"{provider} helps", categoryId, estimatedMinutes = minutes }, "listing { id }");
            var requested = await Impact.OkAsync(App, receiver, "requestExchange", new { listingId = (string)listing["listing"]!["id"]!, minutes }, "exchange { id }");
            id = (string)requested["exchange"]!["id"]!;
            await Impact.OkAsync(App, provider, "acceptExchange", new { exchangeId = id });
            await Impact.OkAsync(App, provider, "completeExchange", new { exchangeId = id, minutes });
            await Impact.OkAsync(App, receiver, "acknowledgeExchange", new { exchangeId = id });
        }
        return GlobalId.TryDecode<long>(id, "Exchange", out var key) ? key : throw new InvalidOperationException(id);
    }

    private async Task ReverseAsync(long exchangeId)
    {
        await using var db = await CreateDbContextAsync();
        var sequence = await db.Exchanges.Where(x => x.Id == exchangeId).Select(x => x.SettlementEntrySequence!.Value).SingleAsync();
        await Impact.OkAsync(App, "coordinator", "reverseEntry", new { entryId = GlobalId.Encode("LedgerEntry", sequence), reason = "recorded by mistake" });
    }

    private async Task HillsideExchangeAsync() =>
        await Hillside.OkAsync(App, "coordinator", "recordExchange", new { providerMemberId = Hillside.People["hal"].MemberId, minutes = 100 });

    /// <summary>
    /// A ledger entry written directly (nothing writes donations or contributions over the API on this branch): between
    /// a member's account, the community fund ("fund") or the challenge's pool (its account id), of <paramref name="kind"/>.
    /// </summary>
    private async Task GiftAsync(string from, string to, long minutes, EntryKind kind, string key)
    {
        var writer = App.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        var result = await writer.SubmitAsync(Transfer.Between(await AccountAsync(from), await AccountAsync(to), minutes, $"impact-test:{key}", "test", kind));
        Assert.True(result.Succeeded, $"{kind} {from} -> {to}: {result.Status}");
    }

    private async Task<long> AccountAsync(string who)
    {
        if (long.TryParse(who, out var accountId))
        {
            return accountId;
        }
        await using var db = await CreateDbContextAsync();
        if (who == "fund")
        {
            return await db.Communities.Where(c => c.Slug == "impact").Select(c => c.FundAccountId).SingleAsync();
        }
        var memberId = MemberKey(who);
        return await db.Members.Where(m => m.Id == memberId).Select(m => m.AccountId!.Value).SingleAsync();
    }

    public long MemberKey(string person) =>
        GlobalId.TryDecode<long>(Impact.People[person].MemberId, "Member", out var key) ? key : throw new InvalidOperationException(person);

    /// <summary>
    /// Four challenges written directly with their timelines (nothing else writes them on this branch): "footbridge"
    /// achieved 2027-02-15 (open, with the pool the gifts use); "garden" closed 2027-02-16 without being achieved;
    /// "library" achieved 2026-11-30 and closed 2027-01-05; "benches" achieved 2027-01-20 and closed 2027-02-01.
    /// Returns the footbridge's pool account id.
    /// </summary>
    private async Task<string> ChallengesAsync()
    {
        await using var db = await CreateDbContextAsync();
        var community = await db.Communities.SingleAsync(c => c.Slug == "impact");
        var lead = MemberKey("ana");
        var footbridge = await ChallengeAsync(db, community.Id, lead, "footbridge", ChallengeStatus.Achieved,
            (ChallengeStatus.Open, ChallengeStatus.Achieved, "achieve", new DateTime(2027, 2, 15, 10, 0, 0, DateTimeKind.Utc)));
        await ChallengeAsync(db, community.Id, lead, "garden", ChallengeStatus.Closed,
            (ChallengeStatus.Open, ChallengeStatus.Closed, "close", new DateTime(2027, 2, 16, 10, 0, 0, DateTimeKind.Utc)));
        await ChallengeAsync(db, community.Id, lead, "library", ChallengeStatus.Closed,
            (ChallengeStatus.Open, ChallengeStatus.Achieved, "achieve", new DateTime(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc)),
            (ChallengeStatus.Achieved, ChallengeStatus.Closed, "close", new DateTime(2027, 1, 5, 10, 0, 0, DateTimeKind.Utc)));
        await ChallengeAsync(db, community.Id, lead, "benches", ChallengeStatus.Closed,
            (ChallengeStatus.Open, ChallengeStatus.Achieved, "achieve", new DateTime(2027, 1, 20, 10, 0, 0, DateTimeKind.Utc)),
            (ChallengeStatus.Achieved, ChallengeStatus.Closed, "close", new DateTime(2027, 2, 1, 10, 0, 0, DateTimeKind.Utc)));

        var writer = App.Services.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        var opened = await writer.SubmitAsync(new OpenAccount(community.LedgerGroup, LedgerVocabulary.PoolAccountCode(footbridge.Id), AccountKind.Pool, 0, null)
        {
            IdempotencyKey = LedgerVocabulary.PoolAccountKey(footbridge.Id),
            ActorId = "test",
            Cause = LedgerVocabulary.ChallengeCause(footbridge.Id),
        });
        footbridge.PoolAccountId = opened.AccountId!.Value;
        await db.SaveChangesAsync();
        return footbridge.PoolAccountId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Challenge> ChallengeAsync(TimeBankDbContext db, long communityId, long lead, string title, ChallengeStatus status,
        params (ChallengeStatus From, ChallengeStatus To, string Action, DateTime At)[] later)
    {
        var proposed = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
        var challenge = new Challenge
        {
            CommunityId = communityId,
            Title = title,
            Description = title,
            Status = status,
            ProposedByMemberId = lead,
            LeadMemberId = lead,
            CreatedAt = proposed,
            UpdatedAt = later[^1].At,
        };
        db.Challenges.Add(challenge);
        await db.SaveChangesAsync();
        (ChallengeStatus? From, ChallengeStatus To, string Action, DateTime At)[] steps =
        [
            (null, ChallengeStatus.Proposed, "propose", proposed),
            (ChallengeStatus.Proposed, ChallengeStatus.Open, "approve", proposed.AddDays(1)),
            .. later.Select(s => ((ChallengeStatus?)s.From, s.To, s.Action, s.At)),
        ];
        db.ChallengeTransitions.AddRange(steps.Select(s => new ChallengeTransition
        {
            ChallengeId = challenge.Id,
            FromStatus = s.From,
            ToStatus = s.To,
            Action = s.Action,
            PrincipalMemberId = lead,
            At = s.At,
        }));
        await db.SaveChangesAsync();
        return challenge;
    }

    public Task<TimeBankDbContext> CreateDbContextAsync() => App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(ImpactFixture.Collection)]
public sealed class ImpactHistory : ICollectionFixture<ImpactFixture>;
