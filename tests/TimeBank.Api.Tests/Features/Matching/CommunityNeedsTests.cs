using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Features.Listings;

namespace TimeBank.Api.Tests.Features.Matching;

public sealed class CommunityNeedsTests(ListingsFixture bank) : IClassFixture<ListingsFixture>, IAsyncLifetime
{
    private const string Needs = """
        query($communityId: ID!, $days: Int!) { communityNeeds(communityId: $communityId, unansweredForDays: $days) {
          categories { category { id } openRequests openOffers shortfall } unansweredRequests { title } unwantedOffers { title } } }
        """;

    public async Task InitializeAsync()
    {
        if (bank.Fingerprint().Length > 0)
        {
            return;
        }
        await bank.CreateAsync("tom", "Roof leak", kind: "REQUEST", categoryId: bank.OtherCategoryId);
        await bank.CreateAsync("maria", "Juggling lessons");
        await bank.CreateAsync("maria", "Unicycle lessons", tags: ["unicycle"]);
        await bank.CreateAsync("tom", "Unicycle to borrow", kind: "REQUEST", tags: ["unicycle"]);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ShowsShortfallsUnansweredRequestsAndOffersNobodyAsksFor()
    {
        var needs = (await NeedsAsync(bank.Token("coordinator"), days: 0))["data"]!["communityNeeds"]!;

        var categories = needs["categories"]!.AsArray();
        Assert.Equal(bank.OtherCategoryId, (string?)categories[0]!["category"]!["id"]);
        Assert.Equal((1, 0, 1), Counts(categories[0]!));
        Assert.Equal(bank.CategoryId, (string?)categories[1]!["category"]!["id"]);
        Assert.Equal((1, 2, -1), Counts(categories[1]!));
        Assert.Equal(["Roof leak"], Titles(needs["unansweredRequests"]));
        // The unicycle offer is matched to a request, so somebody asks for it.
        Assert.Equal(["Juggling lessons"], Titles(needs["unwantedOffers"]));
    }

    [Fact]
    public async Task ARequestIsUnansweredOnlyAfterTheGivenDays()
    {
        var needs = (await NeedsAsync(bank.Token("coordinator"), days: 14))["data"]!["communityNeeds"]!;

        Assert.Empty(needs["unansweredRequests"]!.AsArray());
    }

    [Theory]
    [InlineData("member", "FORBIDDEN")]
    [InlineData("outsider", "NOT_FOUND")]
    [InlineData("anonymous", "UNAUTHENTICATED")]
    public async Task OnlyCoordinatorsAndAuditorsSeeNeeds(string who, string code)
    {
        var token = who switch
        {
            "member" => bank.Token("tom"),
            "outsider" => bank.Hillside.People["coordinator"].Token,
            _ => null,
        };

        var response = await NeedsAsync(token, days: 14);

        Assert.Equal(code, (string?)response["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task AdminsSeeEveryCommunitysNeeds()
    {
        var response = await NeedsAsync(bank.AdminToken, days: 0);

        Assert.Equal(2, response["data"]!["communityNeeds"]!["categories"]!.AsArray().Count);
    }

    private Task<JsonObject> NeedsAsync(string? token, int days) =>
        bank.App.GraphQLAsync(Needs, new { communityId = bank.Riverside.Id, days }, token);

    private static (int, int, int) Counts(JsonNode category) =>
        ((int)category["openRequests"]!, (int)category["openOffers"]!, (int)category["shortfall"]!);

    private static List<string> Titles(JsonNode? listings) => listings!.AsArray().Select(l => (string)l!["title"]!).ToList();
}
