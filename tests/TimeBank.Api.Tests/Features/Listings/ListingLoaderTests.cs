using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Listings;

/// <summary>Listings reached from matches and from exchanges go through one loader, so one request reads them once.</summary>
public sealed class ListingLoaderTests(ListingsFixture bank) : IClassFixture<ListingsFixture>
{
    private const string Matches = "myMatches(first: 10) { nodes { offer { title } } }";
    private const string Exchanges = "myExchanges(first: 10) { nodes { listing { title } } }";

    [Fact]
    public async Task AListingReachedFromAMatchAndFromAnExchangeIsReadOnceInARequest()
    {
        var offer = await bank.CreateAsync("maria", "Guitar lessons", tags: ["guitar"]);
        await bank.CreateAsync("tom", "Guitar chords wanted", kind: "REQUEST", tags: ["guitar"]);
        TestCommunity.Ok(await bank.App.GraphQLAsync(
            "mutation($input: RequestExchangeInput!) { requestExchange(input: $input) { exchange { id } errors { code message } } }",
            new { input = new { listingId = (string)offer["id"]!, minutes = 60 } }, bank.Token("tom")), "requestExchange");

        var matchesAlone = await CountAsync($"{{ {Matches} }}");
        var exchangesAlone = await CountAsync($"{{ {Exchanges} }}");
        var both = await CountAsync($"{{ {Matches} {Exchanges} }}");

        // Alone, each reads its page and then its listings; together the two pages share one read of the listings.
        Assert.Equal(matchesAlone + exchangesAlone - 1, both);
    }

    private async Task<int> CountAsync(string query)
    {
        bank.App.SqlStatements.Reset();
        var response = await bank.App.GraphQLAsync(query, token: bank.Token("tom"));
        var count = bank.App.SqlStatements.Total;
        Assert.Null(response["errors"]);
        var data = response["data"]!.AsObject();
        Assert.All(data, field => Assert.Equal("Guitar lessons", (string?)field.Value!["nodes"]![0]![field.Key == "myMatches" ? "offer" : "listing"]!["title"]));
        return count;
    }
}
