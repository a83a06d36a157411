using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Listings;

public sealed class ListingMutationTests(ListingsFixture bank) : IClassFixture<ListingsFixture>
{
    [Fact]
    public async Task AnActiveMemberListsAnOfferWithNormalisedTagsAndADefaultExpiry()
    {
        var response = await bank.CreateRawAsync(bank.Token("maria"), new
        {
            communityId = bank.Riverside.Id,
            kind = "OFFER",
            title = "  Bike repair  ",
            description = "Punctures, brakes.",
            categoryId = bank.CategoryId,
            tags = new[] { "Bikes", " Bike  Repair ", "bikes" },
            estimatedMinutes = 90,
            neighbourhood = "Old Town",
        });

        var listing = TestCommunity.Ok(response, "createListing")["listing"]!;
        Assert.Equal("Bike repair", (string?)listing["title"]);
        Assert.Equal("OFFER", (string?)listing["kind"]);
        Assert.Equal("OPEN", (string?)listing["status"]);
        Assert.Equal(["bikes", "bike repair"], listing["tags"]!.AsArray().Select(t => (string)t!).ToArray());
        Assert.Equal(90, (int?)listing["estimatedMinutes"]);
        Assert.Equal("maria", (string?)listing["owner"]!["displayName"]);
        Assert.Equal(bank.CategoryId, (string?)listing["category"]!["id"]);
        Assert.Equal(bank.App.Clock.GetUtcNow().AddDays(60), DateTimeOffset.Parse((string)listing["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ACoordinatorListsOnAMembersBehalfAndIsRecordedAsTheActor()
    {
        var response = await bank.CreateRawAsync(bank.Token("coordinator"), new
        {
            communityId = bank.Riverside.Id,
            kind = "REQUEST",
            title = "Lift to the clinic (on behalf)",
            categoryId = bank.CategoryId,
            ownerMemberId = bank.Riverside.People["tom"].MemberId,
        });

        var listing = TestCommunity.Ok(response, "createListing")["listing"]!;
        Assert.Equal("tom", (string?)listing["owner"]!["displayName"]);
        Assert.Equal(bank.UserIdOf("coordinator.riverside@test.local"), bank.UpdatedByOfTitle("Lift to the clinic (on behalf)"));
    }

    public static TheoryData<string, string> CreateRefusals => new()
    {
        { "anonymous", "UNAUTHENTICATED" },
        { "suspended member", "FORBIDDEN" },
        { "another community's coordinator", "FORBIDDEN" },
        { "a member on another's behalf", "FORBIDDEN" },
        { "a coordinator on a suspended member's behalf", "WRONG_STATUS" },
    };

    [Theory]
    [MemberData(nameof(CreateRefusals))]
    public async Task CreateRefusesTheWrongPersonAndChangesNothing(string actor, string expectedCode)
    {
        var (token, owner) = actor switch
        {
            "anonymous" => (null, null),
            "suspended member" => (bank.Token("sam"), null),
            "another community's coordinator" => (bank.Hillside.People["coordinator"].Token, null),
            "a member on another's behalf" => (bank.Token("tom"), bank.Riverside.People["maria"].MemberId),
            _ => (bank.Token("coordinator"), bank.Riverside.People["sam"].MemberId),
        };
        var before = bank.Fingerprint();

        var response = await bank.CreateRawAsync(token, new
        {
            communityId = bank.Riverside.Id,
            kind = "OFFER",
            title = "Sneaky",
            categoryId = bank.CategoryId,
            ownerMemberId = owner,
        });

        AssertOneError(response, "createListing", expectedCode);
        Assert.Equal(before, bank.Fingerprint());
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "empty title", "title" },
        { "10,000-character title", "title" },
        { "unknown category", "categoryId" },
        { "archived category", "categoryId" },
        { "another community's category", "categoryId" },
        { "past expiry", "expiresAt" },
        { "eleven tags", "tags" },
        { "a tag with a wildcard", "tags.0" },
        { "zero minutes", "estimatedMinutes" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task CreateRejectsBadInputWithThePathOfTheField(string problem, string field)
    {
        var input = new JsonObject
        {
            ["communityId"] = bank.Riverside.Id,
            ["kind"] = "OFFER",
            ["title"] = "Fine title",
            ["categoryId"] = bank.CategoryId,
        };
        switch (problem)
        {
            case "empty title": input["title"] = ""; break;
            case "10,000-character title": input["title"] = new string('x', 10_000); break;
            case "unknown category": input["categoryId"] = GlobalId("Category", 999_999); break;
            case "archived category": input["categoryId"] = bank.ArchivedCategoryId; break;
            case "another community's category": input["categoryId"] = bank.HillsideCategoryId; break;
            case "past expiry": input["expiresAt"] = bank.App.Clock.GetUtcNow().AddMinutes(-1).ToString("O"); break;
            case "eleven tags": input["tags"] = new JsonArray(Enumerable.Range(1, 11).Select(i => (JsonNode)JsonValue.Create($"tag{i}")).ToArray()); break;
            case "a tag with a wildcard": input["tags"] = new JsonArray("50%_off"); break;
            default: input["estimatedMinutes"] = 0; break;
        }
        var before = bank.Fingerprint();

        var response = await bank.CreateRawAsync(bank.Token("maria"), input);

        var error = AssertOneError(response, "createListing", "INVALID_INPUT");
        Assert.Equal(["input", .. field.Split('.')], error["path"]!.AsArray().Select(p => p!.ToString()).ToArray());
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task TheOwnerEditsOnlyTheFieldsGiven()
    {
        var created = await bank.CreateAsync("maria", "Soup cooking", "Vegetable soups.", tags: ["cooking"]);

        var response = await bank.MutateAsync("updateListing", bank.Token("maria"), new
        {
            listingId = (string)created["id"]!,
            title = "Soup and bread",
            tags = new[] { "Baking" },
            categoryId = bank.OtherCategoryId,
        });

        var listing = TestCommunity.Ok(response, "updateListing")["listing"]!;
        Assert.Equal("Soup and bread", (string?)listing["title"]);
        Assert.Equal("Vegetable soups.", (string?)listing["description"]);
        Assert.Equal(["baking"], listing["tags"]!.AsArray().Select(t => (string)t!).ToArray());
        Assert.Equal(bank.OtherCategoryId, (string?)listing["category"]!["id"]);
    }

    [Fact]
    public async Task AnEditIsSearchableAtOnceAndTheOldWordsAreGone()
    {
        var created = await bank.CreateAsync("maria", "Knitting circle", "Wool provided.");

        TestCommunity.Ok(await bank.MutateAsync("updateListing", bank.Token("maria"), new { listingId = (string)created["id"]!, title = "Crochet circle" }),
            "updateListing");

        Assert.Equal([(string)created["id"]!], await SearchAsync("crochet"));
        Assert.Empty(await SearchAsync("knitting"));
        Assert.Equal([(string)created["id"]!], await SearchAsync("wool"));
    }

    [Fact]
    public async Task AnExpiryGivenInUtcIsKeptAsGiven()
    {
        var expiresAt = bank.App.Clock.GetUtcNow().AddDays(10).AddSeconds(7);

        var listing = await bank.CreateAsync("maria", "Tax forms help", expiresAt: expiresAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expiresAt, DateTimeOffset.Parse((string)listing["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task UpdateRejectsAnArchivedCategoryAndAPastExpiry()
    {
        var created = await bank.CreateAsync("maria", "Window cleaning");
        var before = bank.Fingerprint();

        var archived = await bank.MutateAsync("updateListing", bank.Token("maria"), new { listingId = (string)created["id"]!, categoryId = bank.ArchivedCategoryId });
        var past = await bank.MutateAsync("updateListing", bank.Token("maria"),
            new { listingId = (string)created["id"]!, expiresAt = bank.App.Clock.GetUtcNow().AddDays(-1).ToString("O") });

        Assert.Equal("categoryId", (string?)AssertOneError(archived, "updateListing", "INVALID_INPUT")["path"]![1]);
        Assert.Equal("expiresAt", (string?)AssertOneError(past, "updateListing", "INVALID_INPUT")["path"]![1]);
        Assert.Equal(before, bank.Fingerprint());
    }

    public static TheoryData<string, string, string> ChangeRefusals()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var mutation in new[] { "updateListing", "pauseListing", "reopenListing", "closeListing" })
        {
            data.Add(mutation, "anonymous", "UNAUTHENTICATED");
            data.Add(mutation, "another member", "FORBIDDEN");
            data.Add(mutation, "the suspended owner", "FORBIDDEN");
            data.Add(mutation, "another community's coordinator", "NOT_FOUND");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ChangeRefusals))]
    public async Task ChangesRefuseTheWrongPersonAndChangeNothing(string mutation, string actor, string expectedCode)
    {
        var listing = await bank.CreateAsync("maria", $"Dog walking {mutation} {actor}");
        if (mutation == "reopenListing")
        {
            TestCommunity.Ok(await bank.MutateAsync("pauseListing", bank.Token("maria"), new { listingId = (string)listing["id"]! }), "pauseListing");
        }
        // Sam's listing first: suspending sam again ends sam's sessions, so sam's token is read after.
        var id = actor == "the suspended owner" ? await SamsListingIdAsync() : (string)listing["id"]!;
        var token = actor switch
        {
            "anonymous" => null,
            "another member" => bank.Token("tom"),
            "the suspended owner" => bank.Token("sam"),
            _ => bank.Hillside.People["coordinator"].Token,
        };
        var before = bank.Fingerprint();

        var response = await bank.MutateAsync(mutation, token, mutation == "updateListing" ? new { listingId = id, title = "Hijacked" } : new { listingId = id });

        AssertOneError(response, mutation, expectedCode);
        Assert.Equal(before, bank.Fingerprint());
    }

    [Fact]
    public async Task StatusMovesOnlyFromTheRightStatusAndRetriesSucceed()
    {
        var listing = await bank.CreateAsync("maria", "Ironing");
        var input = new { listingId = (string)listing["id"]! };
        var maria = bank.Token("maria");

        Assert.Equal("PAUSED", Status(await bank.MutateAsync("pauseListing", maria, input), "pauseListing"));
        Assert.Equal("PAUSED", Status(await bank.MutateAsync("pauseListing", maria, input), "pauseListing"));
        Assert.Equal("OPEN", Status(await bank.MutateAsync("reopenListing", bank.Token("coordinator"), input), "reopenListing"));
        Assert.Equal("CLOSED", Status(await bank.MutateAsync("closeListing", maria, input), "closeListing"));
        var before = bank.Fingerprint();

        AssertOneError(await bank.MutateAsync("reopenListing", maria, input), "reopenListing", "WRONG_STATUS");
        AssertOneError(await bank.MutateAsync("pauseListing", maria, input), "pauseListing", "WRONG_STATUS");
        AssertOneError(await bank.MutateAsync("updateListing", maria, new { listingId = input.listingId, title = "Again" }), "updateListing", "WRONG_STATUS");
        Assert.Equal(before, bank.Fingerprint());
    }

    private async Task<string> SamsListingIdAsync()
    {
        // Sam listed before being suspended, so the coordinator lists for sam while briefly reinstated.
        var coordinator = bank.Token("coordinator");
        var sam = bank.Riverside.People["sam"].MemberId;
        TestCommunity.Ok(await bank.App.GraphQLAsync(
            "mutation($input: ReinstateMemberInput!) { reinstateMember(input: $input) { errors { code message } } }", new { input = new { memberId = sam } }, coordinator),
            "reinstateMember");
        var listing = await bank.CreateAsync("sam", "Sam's listing " + Guid.NewGuid());
        TestCommunity.Ok(await bank.App.GraphQLAsync(
            "mutation($input: SuspendMemberInput!) { suspendMember(input: $input) { errors { code message } } }", new { input = new { memberId = sam } }, coordinator),
            "suspendMember");
        await bank.Riverside.SignInAgainAsync(bank.App, "sam");
        return (string)listing["id"]!;
    }

    private async Task<string[]> SearchAsync(string text)
    {
        var response = await bank.App.GraphQLAsync(
            "query($c: ID!, $text: String) { listings(communityId: $c, filter: { text: $text }, first: 100) { nodes { id } } }",
            new { c = bank.Riverside.Id, text }, bank.Token("tom"));
        return response["data"]?["listings"]?["nodes"]?.AsArray().Select(n => (string)n!["id"]!).ToArray()
            ?? throw new InvalidOperationException(response.ToJsonString());
    }

    private static string? Status(JsonObject response, string field) => (string?)TestCommunity.Ok(response, field)["listing"]!["status"];

    private static JsonNode AssertOneError(JsonObject response, string field, string code)
    {
        var errors = response["data"]?[field]?["errors"]?.AsArray();
        Assert.True(errors is { Count: 1 }, response.ToJsonString());
        Assert.Equal(code, (string?)errors[0]!["code"]);
        Assert.Null(response["data"]![field]!["listing"]);
        return errors[0]!;
    }

    private static string GlobalId(string type, long key) => TimeBank.GraphQL.Relay.GlobalId.Encode(type, key);
}
