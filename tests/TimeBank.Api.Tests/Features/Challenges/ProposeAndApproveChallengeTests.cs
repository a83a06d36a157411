using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Features;
using TimeBank.Api.Tests.Security;
using TimeBank.GraphQL.Relay;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Tests.Features.Challenges;

/// <summary>A member proposes a challenge; a coordinator approves it, and its POOL account opens with it.</summary>
public sealed class ProposeAndApproveChallengeTests(SecurityBank bank) : IClassFixture<SecurityBank>
{
    [Fact]
    public async Task AMemberProposesAChallengeLedByThemWithItsNeeds()
    {
        var id = await ChallengeDriver.ProposeAsync(bank);

        var challenge = await ChallengeDriver.ReadAsync(bank, id);
        Assert.Equal("PROPOSED", (string?)challenge["status"]);
        Assert.Equal("maria", (string?)challenge["lead"]!["displayName"]);
        Assert.Equal("maria", (string?)challenge["proposedBy"]!["displayName"]);
        Assert.Equal(120, (int)challenge["neededMinutes"]!);
        Assert.Equal(bank.CategoryId, (string?)challenge["needs"]![0]!["category"]!["id"]);
        var step = challenge["timeline"]!["nodes"]![0]!;
        Assert.Equal(("propose", "PROPOSED", "maria"), ((string?)step["action"], (string?)step["toStatus"], (string?)step["principal"]!["displayName"]));
    }

    [Fact]
    public async Task ACoordinatorProposesOnAMembersBehalfAndTheTrailSaysSo()
    {
        var challenge = await ChallengeDriver.OkAsync(bank, "proposeChallenge", "coordinator", new
        {
            communityId = bank.Riverside.Id,
            title = "Repair the footbridge",
            needs = new[] { new { categoryId = bank.CategoryId, minutes = 60 } },
            onBehalfOfMemberId = bank.Member("tom"),
        });

        Assert.Equal("tom", (string?)challenge["lead"]!["displayName"]);
        await using var db = await DbAsync();
        var challengeId = Key(challenge);
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "challenge.propose.on-behalf" && r.SubjectId == challengeId));
    }

    [Fact]
    public async Task ApprovingOpensThePoolAccountInTheSameTransaction()
    {
        var id = await ChallengeDriver.ProposeAsync(bank);

        var approved = await ChallengeDriver.OkAsync(bank, "approveChallenge", "coordinator", new { challengeId = id });

        Assert.Equal("OPEN", (string?)approved["status"]);
        await using var db = await DbAsync();
        var key = Key(approved);
        var row = await db.Challenges.AsNoTracking().SingleAsync(c => c.Id == key);
        var pool = await db.Set<LedgerAccount>().AsNoTracking().SingleAsync(a => a.Id == row.PoolAccountId);
        Assert.Equal((AccountKind.Pool, 0L, (long?)null, LedgerVocabulary.PoolAccountCode(key)), (pool.Kind, pool.FloorMinutes!.Value, pool.CeilingMinutes, pool.Code));
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "challenge.approve" && r.SubjectId == key));
        Assert.Equal(["propose", "approve"], Actions(approved));
        Assert.Empty(await bank.ReconcileAsync());
    }

    [Fact]
    public async Task ApprovingAgainAnswersAsTheFirstTimeAndChangesNothing()
    {
        var id = await ChallengeDriver.InStatusAsync(bank, "OPEN");
        var before = bank.Fingerprint();

        var again = await ChallengeDriver.OkAsync(bank, "approveChallenge", "coordinator", new { challengeId = id });

        Assert.Equal("OPEN", (string?)again["status"]);
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task ChallengesListsTheCommunitysChallengesByStatusNewestFirst()
    {
        var open = await ChallengeDriver.InStatusAsync(bank, "OPEN");
        var proposed = await ChallengeDriver.ProposeAsync(bank, title: "Plant trees");

        var response = await bank.App.GraphQLAsync(
            "query($c: ID!) { open: challenges(communityId: $c, filter: { status: OPEN }, first: 100) { nodes { id status } } " +
            "all: challenges(communityId: $c, first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }",
            new { c = bank.Riverside.Id }, bank.Token("nina"));

        var data = response["data"] ?? throw new InvalidOperationException(response.ToJsonString());
        Assert.Contains(open, data["open"]!["nodes"]!.AsArray().Select(n => (string?)n!["id"]));
        Assert.DoesNotContain(proposed, data["open"]!["nodes"]!.AsArray().Select(n => (string?)n!["id"]));
        Assert.All(data["open"]!["nodes"]!.AsArray(), n => Assert.Equal("OPEN", (string?)n!["status"]));
        Assert.Equal(proposed, (string?)data["all"]!["nodes"]![0]!["id"]);
        Assert.True((bool)data["all"]!["pageInfo"]!["hasNextPage"]!);
    }

    [Fact]
    public async Task NeedsNameTheCommunitysOwnCategories()
    {
        var hillsideCategory = await bank.App.GraphQLAsync("{ community(slug: \"hillside\") { categories { id } } }", token: bank.AdminToken);
        var response = await ChallengeDriver.MutateAsync(bank, "proposeChallenge", "maria", new
        {
            communityId = bank.Riverside.Id,
            title = "Borrowed category",
            needs = new[] { new { categoryId = (string)hillsideCategory["data"]!["community"]!["categories"]![0]!["id"]!, minutes = 60 } },
        });

        Assert.Equal("INVALID_INPUT", ChallengeDriver.ErrorCode(response, "proposeChallenge"));
    }

    private static long Key(JsonNode challenge) =>
        GlobalId.TryDecode<long>((string?)challenge["id"], "Challenge", out var key) ? key : throw new InvalidOperationException(challenge.ToJsonString());

    private static List<string?> Actions(JsonNode challenge) => [.. challenge["timeline"]!["nodes"]!.AsArray().Select(n => (string?)n!["action"])];

    private Task<TimeBankDbContext> DbAsync() => bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
}
