using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Features.Exchanges;

namespace TimeBank.Api.Tests.Security;

/// <summary>
/// Who sees an object looked up by its ID: <c>node(id:)</c> and the typed queries (<c>member</c>, <c>exchange</c>) answer
/// alike, through the one visibility rule of each type (<c>CommunityObjects</c>), and whoever may not see it gets null,
/// as for an ID that does not exist. To cover a new type, add a column: its node answer and its typed query's.
/// </summary>
public sealed class ByIdVisibilityTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    [Theory]
    [InlineData("", false, false, false)]
    [InlineData("outsider", false, false, false)]
    [InlineData("sam", false, true, true)]
    [InlineData("maria", true, true, true)]
    [InlineData("audrey", true, true, true)]
    public async Task NodeAndTheTypedQueryAgreeAndOnlyThoseWhoMaySeeGetTheObject(string person, bool seesExchange, bool seesMember, bool seesListing)
    {
        if (!bank.Shared.TryGetValue("visibility-exchange", out var exchangeId))
        {
            bank.Shared["visibility-exchange"] = exchangeId = await bank.ProposeAsync();
            bank.Shared["visibility-listing"] = await bank.ListingAsync("tom", "OFFER", "Bike repairs");
        }
        var listingId = bank.Shared["visibility-listing"];
        var memberId = bank.Member("tom");
        var token = person.Length == 0 ? null : bank.Token(person);

        var response = await bank.App.GraphQLAsync(
            """
            query($exchange: ID!, $member: ID!, $listing: ID!) {
              exchangeNode: node(id: $exchange) { id } exchange(id: $exchange) { id }
              memberNode: node(id: $member) { id } member(id: $member) { id }
              listingNode: node(id: $listing) { id }
            }
            """,
            new { exchange = exchangeId, member = memberId, listing = listingId }, token);

        Assert.Null(response["errors"]);
        var data = response["data"]!;
        Assert.Equal(seesExchange ? exchangeId : null, IdOf(data["exchangeNode"]));
        Assert.Equal(seesExchange ? exchangeId : null, IdOf(data["exchange"]));
        Assert.Equal(seesMember ? memberId : null, IdOf(data["memberNode"]));
        Assert.Equal(seesMember ? memberId : null, IdOf(data["member"]));
        Assert.Equal(seesListing ? listingId : null, IdOf(data["listingNode"]));
    }

    private static string? IdOf(JsonNode? node) => (string?)node?["id"];
}
