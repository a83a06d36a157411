using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Features.Challenges;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Segregation of duties: whoever holds AUDITOR in a community checks its books and writes nothing there. Every
/// mutation of the live schema is tried by audrey, riverside's auditor, on the things she may most plausibly touch:
/// her own (listings, a match and exchanges she is a party to, all made while she was a plain member, before she
/// became the auditor), herself (her profile, leaving, erasure) or what a coordinator would act on. Each is refused
/// (<see cref="AuditorRule"/>, unless the row says otherwise and why) and no row of any table changes.
/// <para>
/// A mutation of the schema without a row in <see cref="Recipes"/>, and not in <see cref="OutsideTheRule"/>, fails
/// <see cref="EveryMutationOfTheSchemaHasARecipe"/>: to cover a new mutation, add one line to <see cref="Recipes"/>.
/// </para>
/// </summary>
public sealed class AuditorMutationTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    /// <summary>The message of every refusal the rule makes (the code is FORBIDDEN).</summary>
    private const string AuditorRule = "Auditors read the books and do not write them.";

    private const string Forbidden = "FORBIDDEN";

    /// <summary>
    /// Mutations about the person's own login and session, in no community: an auditor signs in, refreshes and ends
    /// her session like anyone, and registering makes a login before any role exists. The API has no mutation that
    /// changes the user (as opposed to a membership); <c>updateProfile</c> changes a membership, so the rule covers it.
    /// </summary>
    private static readonly Dictionary<string, string> OutsideTheRule = new()
    {
        ["register"] = "makes a login; no community, no role yet",
        ["login"] = "opens the caller's own session; writes only the session's refresh token",
        ["refreshSession"] = "renews the caller's own session",
        ["logout"] = "ends the caller's own session",
    };

    /// <summary>
    /// A row: the mutation, audrey's input (built from the fixture), and what she gets: FORBIDDEN with
    /// <see cref="AuditorRule"/> unless <see cref="Recipe.Code"/> names another refusal (and a comment says why).
    /// </summary>
    private sealed record Recipe(string Mutation, Func<SecurityBank, Task<object>> Input, string? Code = null);

    private static readonly Recipe[] Recipes =
    [
        // Only deployment admins create communities; an auditor is refused as any non-admin is, before any community is named.
        new("createCommunity", Now(_ => new { slug = "audited-bank", name = "Audited", timeZone = "Europe/Lisbon" }), Forbidden),
        new("updateCommunityPolicy", Now(b => new { communityId = b.Riverside.Id, policy = new { floorMinutes = -6000 } })),
        new("addCategory", Now(b => new { communityId = b.Riverside.Id, slug = "audits", name = "Audits" })),
        new("updateCategory", Now(b => new { categoryId = b.CategoryId, isArchived = true })),
        new("approveMember", Now(b => new { memberId = b.ApplicantId })),
        new("declineMember", Now(b => new { memberId = b.ApplicantId })),
        new("suspendMember", Now(b => new { memberId = b.Member("maria") })),
        new("reinstateMember", Now(b => new { memberId = b.Member("sam") })),
        new("setMemberRoles", Now(b => new { memberId = b.Member("maria"), coordinator = true, auditor = false })),
        // Her own membership: stepping down is a coordinator's act (setMemberRoles), recorded; then she may leave or be erased.
        new("leaveCommunity", Now(b => new { memberId = b.Member("audrey") })),
        new("updateProfile", Now(b => new { memberId = b.Member("audrey"), bio = "changed" })),
        new("eraseMember", Now(b => new { memberId = b.Member("audrey") })),
        // Her own application again, word for word: for anyone else a retry that returns the membership.
        new("joinCommunity", Now(b => new { communityId = b.Riverside.Id, displayName = "audrey" })),
        new("createListing", Now(b => new { communityId = b.Riverside.Id, kind = "OFFER", title = "ledger lessons", categoryId = b.CategoryId })),
        new("updateListing", async b => new { listingId = await AudreysAsync(b, OpenListing), title = "changed" }),
        new("pauseListing", async b => new { listingId = await AudreysAsync(b, OpenListing) }),
        new("closeListing", async b => new { listingId = await AudreysAsync(b, OpenListing) }),
        new("reopenListing", async b => new { listingId = await AudreysAsync(b, PausedListing) }),
        new("dismissMatch", async b => new { matchId = await AudreysAsync(b, Match) }),
        new("proposeExchange", Now(b => new { counterpartMemberId = b.Member("tom"), myRole = "RECEIVER", minutes = 30 })),
        new("recordExchange", Now(b => new { providerMemberId = b.Member("tom"), minutes = 30 })),
        new("offerHelp", async b => new { listingId = await AudreysAsync(b, SomeonesRequest) }),
        new("requestExchange", async b => new { listingId = await AudreysAsync(b, SomeonesOffer) }),
        // Exchanges she is a party to, each in the state where the step is hers to take (resolving is a coordinator's).
        new("acceptExchange", async b => new { exchangeId = await AudreysAsync(b, AskedOfHer) }),
        new("declineExchange", async b => new { exchangeId = await AudreysAsync(b, AskedOfHer) }),
        new("cancelExchange", async b => new { exchangeId = await AudreysAsync(b, SheProvides) }),
        new("completeExchange", async b => new { exchangeId = await AudreysAsync(b, SheProvides), minutes = 30 }),
        new("acknowledgeExchange", async b => new { exchangeId = await AudreysAsync(b, SheReceived) }),
        new("disputeExchange", async b => new { exchangeId = await AudreysAsync(b, SheReceived), reason = "no" }),
        new("resolveDispute", async b => new { exchangeId = await AudreysAsync(b, Disputed), minutes = 10 }),
        new("leaveFeedback", async b => new { exchangeId = await AudreysAsync(b, SheWasHelped), rating = 5 }),
        new("proposeGroupExchange", Now(b => new
        {
            communityId = b.Riverside.Id, description = "bookkeeping class",
            shares = new[] { new { receiverMemberId = b.Member("tom"), minutes = 30 }, new { receiverMemberId = b.Member("maria"), minutes = 30 } },
        })),
        new("completeGroupExchange", async b => new { groupExchangeId = await AudreysAsync(b, HerWorkshop) }),

        // The books: correcting an entry of riverside's journal and closing its period are coordinators' acts.
        new("reverseEntry", async b => new { entryId = await RiversideEntryAsync(b), reason = "audited" }),
        new("closePeriod", Now(b => new { communityId = b.Riverside.Id, endsAt = "2026-01-01T00:00:00Z" })),

        // Pooled hours: giving her own minutes to a challenge or the fund, and granting from the fund (a coordinator's).
        new("donateToChallenge", async b => new { challengeId = await PoolWrongPersonTests.OpenChallengeAsync(b), minutes = 10 }),
        new("donateToFund", Now(b => new { communityId = b.Riverside.Id, minutes = 10 })),
        new("grantFromFund", async b => new { challengeId = await PoolWrongPersonTests.OpenChallengeAsync(b), minutes = 10, idempotencyKey = "audited" }),
        // Challenges: proposing one as a member, deciding on maria's as a coordinator would.
        new("proposeChallenge", Now(b => new { communityId = b.Riverside.Id, title = "audits", needs = new[] { new { categoryId = b.CategoryId, minutes = 60 } } })),
        new("approveChallenge", async b => new { challengeId = await ChallengeAsync(b, "PROPOSED") }),
        new("declineChallenge", async b => new { challengeId = await ChallengeAsync(b, "PROPOSED"), reason = "audited" }),
        new("updateChallenge", async b => new { challengeId = await ChallengeAsync(b, "OPEN"), title = "audited" }),
        new("markChallengeAchieved", async b => new { challengeId = await ChallengeAsync(b, "OPEN") }),
        new("closeChallenge", async b => new { challengeId = await ChallengeAsync(b, "OPEN") }),
        new("createChallengeFromNeeds", Now(b => new { communityId = b.Riverside.Id, categoryIds = new[] { b.CategoryId }, title = "audits", unansweredForDays = 0 })),


        // A challenge's pledges and work: her own pledge and log, and maria's, which a lead or coordinator would decide on.
        new("pledgeToChallenge", async b => new { challengeId = await ContributionWrongPersonTests.OpenAsync(b), categoryId = b.CategoryId, minutes = 30 }),
        new("withdrawPledge", async b => new { pledgeId = await ContributionWrongPersonTests.MariasPledgeAsync(b, await ContributionWrongPersonTests.OpenAsync(b)) }),
        new("logContribution", async b => new { challengeId = await ContributionWrongPersonTests.OpenAsync(b), categoryId = b.CategoryId, minutes = 30 }),
        new("verifyContribution", async b => new { contributionId = await MariasWorkAsync(b) }),
        new("rejectContribution", async b => new { contributionId = await MariasWorkAsync(b), reason = "audited" }),
    ];

    private static Task<string> ChallengeAsync(SecurityBank b, string status) =>
        b.OnceAsync("challenge " + status, () => ChallengeDriver.InStatusAsync(b, status));

    private static async Task<string> MariasWorkAsync(SecurityBank b) =>
        await ContributionWrongPersonTests.MariasWorkAsync(b, await ContributionWrongPersonTests.OpenAsync(b), "to decide");

    /// <summary>The newest entry of riverside's journal (a joining grant at least), as the admin reads it.</summary>
    private static async Task<string> RiversideEntryAsync(SecurityBank b)
    {
        var journal = await b.App.GraphQLAsync("query($c: ID!) { journal(communityId: $c, first: 1) { nodes { id } } }",
            new { c = b.Riverside.Id }, b.AdminToken);
        return (string)journal["data"]!["journal"]!["nodes"]![0]!["id"]!;
    }

    // Audrey's things, made while she was a plain member (see AudreysAsync).
    private const string OpenListing = "audrey: open listing";
    private const string PausedListing = "audrey: paused listing";
    private const string Match = "audrey: match";
    private const string SomeonesRequest = "audrey: the coordinator's request";
    private const string SomeonesOffer = "audrey: the coordinator's offer";
    private const string AskedOfHer = "audrey: asked of her";
    private const string SheProvides = "audrey: she provides";
    private const string SheReceived = "audrey: she received";
    private const string Disputed = "audrey: disputed";
    private const string SheWasHelped = "audrey: she was helped";
    private const string HerWorkshop = "audrey: her workshop";

    public static TheoryData<string> Mutations() => [.. Recipes.Select(r => r.Mutation)];

    [Fact]
    public async Task EveryMutationOfTheSchemaHasARecipe()
    {
        var mutations = (await bank.MutationsAsync()).Keys.ToList();

        var missing = mutations.Except(Recipes.Select(r => r.Mutation)).Except(OutsideTheRule.Keys).ToList();
        Assert.True(missing.Count == 0,
            $"No auditor recipe for {string.Join(", ", missing)}: add a line to {nameof(AuditorMutationTests)}.{nameof(Recipes)} (its input, on " +
            $"audrey's own things where it has any), or, if it acts in no community at all, to {nameof(OutsideTheRule)} with the reason.");
        Assert.Empty(Recipes.Select(r => r.Mutation).Concat(OutsideTheRule.Keys).Except(mutations));
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task TheAuditorIsRefusedAndNothingChanges(string mutation)
    {
        var recipe = Recipes.Single(r => r.Mutation == mutation);
        var input = await recipe.Input(bank);
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(mutation, "audrey", input);

        var (code, message) = Refusal(response, mutation);
        Assert.Equal(recipe.Code ?? Forbidden, code);
        if (recipe.Code is null)
        {
            Assert.Equal(AuditorRule, message);
        }
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task TheAuditorStillSignsIn()
    {
        var token = await bank.App.LoginAsync("audrey.riverside@test.local");

        var me = await bank.App.GraphQLAsync("{ me { email } }", token: token);

        Assert.Equal("audrey.riverside@test.local", (string?)me["data"]?["me"]?["email"]);
    }

    [Fact]
    public async Task NobodyIsMadeBothCoordinatorAndAuditor()
    {
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync("setMemberRoles", "admin", new { memberId = bank.Member("nina"), coordinator = true, auditor = true });

        Assert.Equal("INVALID_INPUT", SecurityBank.ErrorCode(response, "setMemberRoles"));
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ACoordinatorWhoAlsoAuditsFromBeforeTheRuleActsAsAnAuditor()
    {
        // Rows written before the rule may hold both roles; the auditor's wins until a coordinator sets the roles anew.
        var coordinatorAuditor = await bank.OnceAsync("coordinator-auditor", async () =>
        {
            await using var db = await bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
            var changed = await db.Members.Where(m => m.DisplayName == "nina")
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.Roles, MemberRoles.Member | MemberRoles.Coordinator | MemberRoles.Auditor));
            Assert.Equal(1, changed);
            return "nina";
        });
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync("suspendMember", coordinatorAuditor, new { memberId = bank.Member("maria") });

        Assert.Equal((Forbidden, AuditorRule), Refusal(response, "suspendMember"));
        Assert.Equal(before, bank.Fingerprint());
    }

    /// <summary>The one refusal: a payload error, or a top-level error for a request refused before the mutation ran.</summary>
    private static (string Code, string Message) Refusal(JsonObject response, string mutation)
    {
        var errors = response["errors"]?.AsArray() ?? response["data"]?[mutation]?["errors"]?.AsArray();
        Assert.True(errors is [_], response.ToJsonString());
        var error = errors[0]!;
        return ((string?)error["code"] ?? (string)error["extensions"]!["code"]!, (string)error["message"]!);
    }

    private static Func<SecurityBank, Task<object>> Now(Func<SecurityBank, object> input) => b => Task.FromResult(input(b));

    /// <summary>
    /// One of audrey's things: on first use, the admin takes her AUDITOR role away, she lists, matches and exchanges as
    /// any member does, and the role is given back; every refusal above is of the auditor she is now.
    /// </summary>
    private static async Task<string> AudreysAsync(SecurityBank b, string thing)
    {
        await b.OnceAsync("audrey's things", async () =>
        {
            await b.OkAsync("setMemberRoles", "admin", new { memberId = b.Member("audrey"), coordinator = false, auditor = false });
            await b.OnceAsync(OpenListing, () => b.ListingAsync("audrey", "OFFER", "bookkeeping help"));
            await b.OnceAsync(PausedListing, async () =>
            {
                var id = await b.ListingAsync("audrey", "OFFER", "tax forms");
                await b.OkAsync("pauseListing", "audrey", new { listingId = id });
                return id;
            });
            await b.OnceAsync(Match, () => b.MatchAsync("audrey", "coordinator", "accordion lessons"));
            await b.OnceAsync(SomeonesRequest, () => b.ListingAsync("coordinator", "REQUEST", "window cleaning"));
            await b.OnceAsync(SomeonesOffer, () => b.ListingAsync("coordinator", "OFFER", "bread baking"));
            await b.OnceAsync(AskedOfHer, () => b.ExchangeAsync("REQUESTED", receiver: "maria", provider: "audrey"));
            await b.OnceAsync(SheProvides, () => b.ExchangeAsync("ACCEPTED", receiver: "maria", provider: "audrey"));
            await b.OnceAsync(SheReceived, () => b.ExchangeAsync("COMPLETED", receiver: "audrey", provider: "tom"));
            await b.OnceAsync(Disputed, () => b.ExchangeAsync("DISPUTED", receiver: "audrey", provider: "tom"));
            await b.OnceAsync(SheWasHelped, () => b.ExchangeAsync("SETTLED", receiver: "audrey", provider: "tom"));
            await b.OnceAsync(HerWorkshop, () => GroupExchangeWrongPersonTests.GroupAsync(b, "audrey's workshop", accepting: ["tom"], receivers: ["tom", "maria"], provider: "audrey"));
            await b.OkAsync("setMemberRoles", "admin", new { memberId = b.Member("audrey"), coordinator = false, auditor = true });
            return "";
        });
        return await b.OnceAsync(thing, () => throw new InvalidOperationException($"'{thing}' is not one of audrey's things."));
    }
}
