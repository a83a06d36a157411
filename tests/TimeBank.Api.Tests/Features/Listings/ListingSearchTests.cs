using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Listings;

/// <summary>Riverside's listings, made a minute apart (oldest first), searched and paged by its members.</summary>
public sealed class ListingSearchFixture : IAsyncLifetime
{
    public ListingsFixture Bank { get; } = new();

    public async Task InitializeAsync()
    {
        await Bank.InitializeAsync();
        await AddAsync("maria", "Bike repair", "Fixing punctures and brakes.", tags: ["bikes"], neighbourhood: "Old Town");
        await AddAsync("tom", "Gardening help", "Weeding and planting; I can lend a bike too.", kind: "REQUEST", tags: ["garden"],
            categoryId: Bank.OtherCategoryId, neighbourhood: "Harbour");
        await AddAsync("maria", "Bicycle lessons", "Teaching children to ride a bike, safely, on a bike path.", tags: ["bikes", "kids"]);
        await AddAsync("tom", "Cooking for neighbours", "Soup on Sundays.", tags: ["cooking"],
            expiresAt: Bank.App.Clock.GetUtcNow().AddDays(3).ToString("O"));
        var paused = await AddAsync("tom", "Bike painting", "Any colour.");
        TestCommunity.Ok(await Bank.MutateAsync("pauseListing", Bank.Token("tom"), new { listingId = (string)paused["id"]! }), "pauseListing");
    }

    private async Task<JsonNode> AddAsync(string person, string title, string description, string kind = "OFFER", string[]? tags = null,
        string? categoryId = null, string? neighbourhood = null, string? expiresAt = null)
    {
        Bank.App.Clock.Advance(TimeSpan.FromMinutes(1));
        return await Bank.CreateAsync(person, title, description, kind, tags, categoryId, neighbourhood, expiresAt);
    }

    public async Task DisposeAsync() => await Bank.DisposeAsync();
}

public sealed class ListingSearchTests(ListingSearchFixture fixture) : IClassFixture<ListingSearchFixture>
{
    private const string Query = """
        query($communityId: ID!, $filter: ListingFilter, $sort: ListingSort, $first: Int, $after: String, $last: Int, $before: String) {
          listings(communityId: $communityId, filter: $filter, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
            nodes { title }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    private ListingsFixture Bank => fixture.Bank;

    [Fact]
    public async Task RelevanceRanksTitleMatchesFirstAndLeavesOutNonMatches()
    {
        var titles = Titles(await ListAsync(new { text = "bike" }, "RELEVANCE"));

        Assert.Equal(["Bike repair", "Bicycle lessons", "Gardening help"], titles);
    }

    [Theory]
    [InlineData("gard", "Gardening help")]
    [InlineData("BIK rep", "Bike repair")]
    [InlineData("children ride", "Bicycle lessons")]
    [InlineData("kids", "Bicycle lessons")]
    [InlineData("Soup!", "Cooking for neighbours")]
    public async Task EveryWordMatchesAsAPrefixOfTitleDescriptionOrTags(string text, string expected)
    {
        Assert.Equal([expected], Titles(await ListAsync(new { text })));
    }

    [Theory]
    [InlineData("\"a\" OR b* NEAR(")]
    [InlineData("title:bike OR description:*")]
    [InlineData("\"")]
    [InlineData("-bike ^ AND")]
    public async Task HostileTextIsSearchedAsPlainWordsWithoutErrors(string text)
    {
        var response = await ListAsync(new { text });

        Assert.Null(response["errors"]);
        Assert.NotNull(response["data"]!["listings"]!["nodes"]!.AsArray());
    }

    [Fact]
    public async Task TextWithNoWordsLeftIsNoTextFilter()
    {
        Assert.Equal(4, Titles(await ListAsync(new { text = "\"*( )\"" })).Length);
    }

    public static TheoryData<string, string[]> Filters => new()
    {
        { "kind", ["Gardening help"] },
        { "category", ["Gardening help"] },
        { "tags", ["Cooking for neighbours", "Bicycle lessons"] },
        { "neighbourhood", ["Bike repair"] },
        { "status", ["Bike painting"] },
        { "text and kind", ["Bicycle lessons", "Bike repair"] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task FiltersNarrowTheNewestFirstList(string criterion, string[] expected)
    {
        object filter = criterion switch
        {
            "kind" => new { kind = "REQUEST" },
            "category" => new { categoryId = Bank.OtherCategoryId },
            "tags" => new { tags = new[] { "KIDS", "cooking", "50%" } },
            "neighbourhood" => new { neighbourhood = "old" },
            "status" => new { status = "PAUSED" },
            _ => new { text = "bike", kind = "OFFER" },
        };

        Assert.Equal(expected, Titles(await ListAsync(filter)));
    }

    [Fact]
    public async Task ByDefaultOpenListingsComeNewestFirstAndCanBeSortedByExpiry()
    {
        Assert.Equal(["Cooking for neighbours", "Bicycle lessons", "Gardening help", "Bike repair"], Titles(await ListAsync(null)));
        Assert.Equal("Cooking for neighbours", Titles(await ListAsync(null, "EXPIRING_SOONEST"))[0]);
    }

    [Theory]
    [InlineData("NEWEST", null)]
    [InlineData("RELEVANCE", "bike")]
    public async Task PagesForwardAndBackward(string sort, string? text)
    {
        var filter = text is null ? null : new { text };
        var all = Titles(await ListAsync(filter, sort));
        Assert.True(all.Length >= 3, string.Join(", ", all));

        var first = await ListAsync(filter, sort, first: 2);
        var firstInfo = first["data"]!["listings"]!["pageInfo"]!;
        var second = await ListAsync(filter, sort, first: 2, after: (string)firstInfo["endCursor"]!);
        var secondInfo = second["data"]!["listings"]!["pageInfo"]!;
        var back = await ListAsync(filter, sort, last: 2, before: (string)secondInfo["startCursor"]!);

        Assert.Equal(all[..2], Titles(first));
        Assert.True((bool)firstInfo["hasNextPage"]!);
        Assert.Equal(all[2..Math.Min(4, all.Length)], Titles(second));
        Assert.True((bool)secondInfo["hasPreviousPage"]!);
        Assert.Equal(all[..2], Titles(back));
        Assert.False((bool)back["data"]!["listings"]!["pageInfo"]!["hasPreviousPage"]!);
    }

    [Fact]
    public async Task RelevanceWithoutTextIsAnInputError()
    {
        var response = await ListAsync(null, "RELEVANCE");

        Assert.Equal("INVALID_INPUT", (string?)response["errors"]![0]!["extensions"]!["code"]);
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("another community's coordinator")]
    [InlineData("suspended member")]
    public async Task OutsidersSeeNoListings(string actor)
    {
        var token = actor switch
        {
            "anonymous" => null,
            "suspended member" => Bank.Token("sam"),
            _ => Bank.Hillside.People["coordinator"].Token,
        };
        var listingId = (string)(await ListAsync(null, query: "query($communityId: ID!) { listings(communityId: $communityId, first: 1) { nodes { id } } }"))
            ["data"]!["listings"]!["nodes"]![0]!["id"]!;

        var list = await ListAsync(null, token: token);
        var node = await Bank.App.GraphQLAsync("query($id: ID!) { node(id: $id) { id } }", new { id = listingId }, token);

        Assert.Equal("FORBIDDEN", (string?)list["errors"]![0]!["extensions"]!["code"]);
        Assert.Null(node["data"]!["node"]);
    }

    private async Task<JsonObject> ListAsync(object? filter, string sort = "NEWEST", int? first = null, string? after = null, int? last = null,
        string? before = null, string? token = "maria", string query = Query)
    {
        token = token == "maria" ? Bank.Token("maria") : token;
        return await Bank.App.GraphQLAsync(query, new { communityId = Bank.Riverside.Id, filter, sort, first, after, last, before }, token);
    }

    private static string[] Titles(JsonObject response) =>
        response["data"]?["listings"]?["nodes"]?.AsArray().Select(n => (string)n!["title"]!).ToArray()
        ?? throw new InvalidOperationException(response.ToJsonString());
}
