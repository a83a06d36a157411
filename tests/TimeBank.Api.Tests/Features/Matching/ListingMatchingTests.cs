using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Tests.Features.Listings;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Matching;

/// <summary>
/// Matching through the real use cases: what pairs up when listings are created, changed or reopened,
/// and what never does. Each test uses words of its own, so the tests of the class do not meet.
/// </summary>
public sealed class ListingMatchingTests(ListingsFixture bank) : IClassFixture<ListingsFixture>
{
    private const string MatchFields = "id score reasons sharedTags commonWords dismissed offer { title owner { displayName } } request { title owner { displayName } }";

    [Fact]
    public async Task AnOfferAndARequestOfTwoMembersMatchForBothOwners()
    {
        await bank.CreateAsync("maria", "Bicycle repair", "Punctures, brakes and gears.", tags: ["bicycle", "repair"], neighbourhood: "Old Town");
        await bank.CreateAsync("tom", "Bicycle brakes squeal", "My bicycle needs new brakes.", kind: "REQUEST", tags: ["bicycle"], neighbourhood: "old town");

        var forMaria = await MatchAsync("maria", "Bicycle repair", "Bicycle brakes squeal");
        var forTom = await MatchAsync("tom", "Bicycle repair", "Bicycle brakes squeal");

        Assert.NotNull(forMaria);
        Assert.Equal((string?)forMaria["id"], (string?)forTom?["id"]);
        // 0.35 category + 0.25 × 2/3 words + 0.25 × 1/2 tags + 0.10 neighbourhood + 0.05 recent.
        Assert.Equal(0.792, (double)forMaria["score"]!);
        Assert.Equal(["SAME_CATEGORY", "COMMON_WORDS", "SHARED_TAGS", "SAME_NEIGHBOURHOOD", "RECENT"], Strings(forMaria["reasons"]));
        Assert.Equal(["bicycle"], Strings(forMaria["sharedTags"]));
        Assert.Equal(["bicycle", "brakes"], Strings(forMaria["commonWords"]));
        Assert.Equal("tom", (string?)forMaria["request"]!["owner"]!["displayName"]);
        Assert.Null(await MatchAsync("coordinator", "Bicycle repair", "Bicycle brakes squeal"));
    }

    [Fact]
    public async Task WordsInCommonMatchAcrossCategoriesButOneWordAloneDoesNot()
    {
        await bank.CreateAsync("maria", "Sourdough baking lessons", "Starter, kneading, sourdough loaves.", tags: ["baking", "bread"]);
        await bank.CreateAsync("tom", "Learn sourdough bread baking", "", kind: "REQUEST", tags: ["bread", "baking"], categoryId: bank.OtherCategoryId);
        await bank.CreateAsync("tom", "Kneading machine wanted", "", kind: "REQUEST", categoryId: bank.OtherCategoryId);

        var match = await MatchAsync("maria", "Sourdough baking lessons", "Learn sourdough bread baking");

        Assert.Equal(["SHARED_TAGS", "COMMON_WORDS", "RECENT"], Strings(match?["reasons"]));
        Assert.Null(await MatchAsync("maria", "Sourdough baking lessons", "Kneading machine wanted"));
    }

    [Fact]
    public async Task NeverTheSameMember()
    {
        await bank.CreateAsync("maria", "Accordion lessons", tags: ["accordion"]);
        await bank.CreateAsync("maria", "Accordion tuning", kind: "REQUEST", tags: ["accordion"]);

        Assert.Null(await MatchAsync("maria", "Accordion lessons", "Accordion tuning"));
    }

    [Fact]
    public async Task NeverAcrossCommunities()
    {
        await bank.CreateAsync("maria", "Harp lessons", tags: ["harp"]);
        var hillside = bank.Hillside.People["coordinator"].Token;
        TestCommunity.Ok(await bank.CreateRawAsync(hillside, new
        {
            communityId = bank.Hillside.Id,
            kind = "REQUEST",
            title = "Harp lessons wanted",
            categoryId = bank.HillsideCategoryId,
            tags = new[] { "harp" },
        }), "createListing");

        Assert.Null(await MatchAsync("maria", "Harp lessons", "Harp lessons wanted"));
        Assert.Empty(await MyMatchesAsync(hillside));
    }

    [Fact]
    public async Task NeverAClosedOrPausedListingAndAReopenedOneMatchesAgain()
    {
        var closed = await bank.CreateAsync("tom", "Chimney sweep needed", kind: "REQUEST", tags: ["chimney"]);
        TestCommunity.Ok(await bank.MutateAsync("closeListing", bank.Token("tom"), new { listingId = (string)closed["id"]! }), "closeListing");
        var paused = await bank.CreateAsync("tom", "Chimney cowl fitting", kind: "REQUEST", tags: ["chimney"]);
        TestCommunity.Ok(await bank.MutateAsync("pauseListing", bank.Token("tom"), new { listingId = (string)paused["id"]! }), "pauseListing");
        await bank.CreateAsync("maria", "Chimney sweeping", tags: ["chimney"]);

        Assert.Null(await MatchAsync("maria", "Chimney sweeping", "Chimney sweep needed"));
        Assert.Null(await MatchAsync("maria", "Chimney sweeping", "Chimney cowl fitting"));

        TestCommunity.Ok(await bank.MutateAsync("reopenListing", bank.Token("tom"), new { listingId = (string)paused["id"]! }), "reopenListing");

        Assert.NotNull(await MatchAsync("maria", "Chimney sweeping", "Chimney cowl fitting"));
    }

    [Fact]
    public async Task NeverAnExpiredListing()
    {
        // Minutes, not hours: the fixture's access tokens live for 15 minutes of the fake clock.
        var soon = bank.App.Clock.GetUtcNow().AddMinutes(1).ToString("O");
        await bank.CreateAsync("tom", "Telescope alignment", kind: "REQUEST", tags: ["telescope"], expiresAt: soon);
        bank.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await bank.App.Services.GetRequiredService<ListingExpiry>().RunOnceAsync(default);

        await bank.CreateAsync("maria", "Telescope setup help", tags: ["telescope"]);

        Assert.Null(await MatchAsync("maria", "Telescope setup help", "Telescope alignment"));
    }

    [Fact]
    public async Task ADismissedMatchStaysDismissedWhenRescored()
    {
        var offer = await bank.CreateAsync("maria", "Knitting circle", "Scarves and hats.", tags: ["knitting"]);
        await bank.CreateAsync("tom", "Knitting help", "A scarf.", kind: "REQUEST", tags: ["knitting"]);
        var match = (await MatchAsync("tom", "Knitting circle", "Knitting help"))!;
        var before = (double)match["score"]!;

        TestCommunity.Ok(await DismissAsync(bank.Token("tom"), (string)match["id"]!), "dismissMatch");
        TestCommunity.Ok(await bank.MutateAsync("updateListing", bank.Token("maria"), new { listingId = (string)offer["id"]!, description = "Scarves, hats and a scarf pattern." }), "updateListing");

        Assert.Null(await MatchAsync("tom", "Knitting circle", "Knitting help"));
        var dismissed = await MatchAsync("tom", "Knitting circle", "Knitting help", includeDismissed: true);
        Assert.True((bool)dismissed!["dismissed"]!);
        Assert.NotEqual(before, (double)dismissed["score"]!);
        var forMaria = await MatchAsync("maria", "Knitting circle", "Knitting help");
        Assert.False((bool)forMaria!["dismissed"]!);
    }

    [Fact]
    public async Task OnlyAnOwnerDismissesAMatch()
    {
        await bank.CreateAsync("maria", "Pottery wheel lessons", tags: ["pottery"]);
        await bank.CreateAsync("tom", "Pottery classes", kind: "REQUEST", tags: ["pottery"]);
        var matchId = (string)(await MatchAsync("tom", "Pottery wheel lessons", "Pottery classes"))!["id"]!;

        var byCoordinator = await DismissAsync(bank.Token("coordinator"), matchId);
        var anonymous = await DismissAsync(null, matchId);
        var twice = await DismissAsync(bank.Token("maria"), matchId);
        var again = await DismissAsync(bank.Token("maria"), matchId);

        Assert.Equal("NOT_FOUND", (string?)byCoordinator["data"]!["dismissMatch"]!["errors"]![0]!["code"]);
        Assert.Equal("UNAUTHENTICATED", (string?)anonymous["data"]!["dismissMatch"]!["errors"]![0]!["code"]);
        Assert.True((bool)TestCommunity.Ok(twice, "dismissMatch")["match"]!["dismissed"]!);
        Assert.True((bool)TestCommunity.Ok(again, "dismissMatch")["match"]!["dismissed"]!);
    }

    [Fact]
    public async Task AMatchIsANodeOnlyItsOwnersCanFetch()
    {
        await bank.CreateAsync("maria", "Kayak rolling lessons", tags: ["kayak"]);
        await bank.CreateAsync("tom", "Kayak lessons wanted", kind: "REQUEST", tags: ["kayak"]);
        var matchId = (string)(await MatchAsync("tom", "Kayak rolling lessons", "Kayak lessons wanted"))!["id"]!;
        const string Node = "query($id: ID!) { node(id: $id) { ... on Match { score offer { title } } } }";

        var byOwner = await bank.App.GraphQLAsync(Node, new { id = matchId }, bank.Token("maria"));
        var byCoordinator = await bank.App.GraphQLAsync(Node, new { id = matchId }, bank.Token("coordinator"));

        Assert.Equal("Kayak rolling lessons", (string?)byOwner["data"]!["node"]!["offer"]!["title"]);
        Assert.Null(byCoordinator["data"]!["node"]);
    }

    [Fact]
    public async Task MyMatchesNeedsALogin()
    {
        var response = await bank.App.GraphQLAsync("{ myMatches { nodes { id } } }");

        Assert.Equal("UNAUTHENTICATED", (string?)response["errors"]![0]!["extensions"]!["code"]);
    }

    private Task<JsonObject> DismissAsync(string? token, string matchId) =>
        bank.App.GraphQLAsync($"mutation($input: DismissMatchInput!) {{ dismissMatch(input: $input) {{ match {{ {MatchFields} }} errors {{ code message }} }} }}",
            new { input = new { matchId } }, token);

    private async Task<List<JsonNode>> MyMatchesAsync(string token, bool includeDismissed = false)
    {
        var response = await bank.App.GraphQLAsync(
            $"query($d: Boolean) {{ myMatches(first: 100, includeDismissed: $d) {{ nodes {{ {MatchFields} }} }} }}", new { d = includeDismissed }, token);
        return response["data"]?["myMatches"]?["nodes"]?.AsArray().Select(n => n!).ToList() ?? throw new InvalidOperationException(response.ToJsonString());
    }

    private async Task<JsonNode?> MatchAsync(string person, string offerTitle, string requestTitle, bool includeDismissed = false) =>
        (await MyMatchesAsync(bank.Token(person), includeDismissed))
            .SingleOrDefault(m => (string?)m["offer"]!["title"] == offerTitle && (string?)m["request"]!["title"] == requestTitle);

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToList();
}
