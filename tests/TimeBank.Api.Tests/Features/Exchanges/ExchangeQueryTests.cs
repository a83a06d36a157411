using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Exchanges;

public sealed class ExchangeQueryTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private const string Page =
        "{ myExchanges(first: 50) { edges { node { provider { displayName } receiver { displayName } listing { title } } } } }";

    private const string PageOwner = "ruth";

    [Fact]
    public async Task APageOfFiftyCostsAtMostFiveSqlStatementsWhateverItsLength()
    {
        await AddExchangesAsync(2);
        var small = await CountStatementsAsync(expectedNodes: 2);

        await AddExchangesAsync(48);
        var large = await CountStatementsAsync(expectedNodes: 50);

        Assert.Equal(small, large);
        Assert.InRange(large, 1, 5);
    }

    [Fact]
    public async Task MyExchangesFiltersByRoleAndStatus()
    {
        var asked = await bank.ProposeAsync(20, receiver: "sam", provider: "poor");
        await bank.OkAsync("acceptExchange", "poor", new { exchangeId = asked });
        var given = await bank.ProposeAsync(20, receiver: "poor", provider: "sam");

        var asProvider = await IdsAsync("poor", "{ role: PROVIDER }");
        var asReceiver = await IdsAsync("poor", "{ role: RECEIVER }");
        var accepted = await IdsAsync("poor", "{ status: ACCEPTED }");

        Assert.Contains(asked, asProvider);
        Assert.DoesNotContain(given, asProvider);
        Assert.Equal([given], asReceiver);
        Assert.Equal([asked], accepted);
    }

    [Fact]
    public async Task OnlyThePartiesCoordinatorsAndAuditorsSeeAnExchange()
    {
        var id = await bank.ProposeAsync(15);
        const string Query = "query($id: ID!) { exchange(id: $id) { id timeline { action principal { displayName } } } node(id: $id) { id } }";

        foreach (var (person, sees) in new[] { ("maria", true), ("tom", true), ("coordinator", true), ("audrey", true), ("sam", false), ("outsider", false) })
        {
            var response = await bank.App.GraphQLAsync(Query, new { id }, bank.Token(person));
            Assert.True(sees == response["data"]!["exchange"] is not null, $"{person}: {response.ToJsonString()}");
            Assert.True(sees == response["data"]!["node"] is not null, $"{person} by node: {response.ToJsonString()}");
        }
    }

    private async Task<List<string>> IdsAsync(string person, string filter)
    {
        var response = await bank.App.GraphQLAsync($"{{ myExchanges(filter: {filter}) {{ nodes {{ id }} }} }}", token: bank.Token(person));
        return response["data"]!["myExchanges"]!["nodes"]!.AsArray().Select(n => (string)n!["id"]!).ToList();
    }

    /// <summary>
    /// Exchanges of ruth's (a member of riverside with no exchange of her own before this test; not audrey, who audits
    /// the community and so takes part in none), every other one on a listing of its own, with two different providers.
    /// </summary>
    private async Task AddExchangesAsync(int count)
    {
        if (!bank.Riverside.People.ContainsKey(PageOwner))
        {
            var token = await bank.App.RegisterAsync($"{PageOwner}.riverside@test.local");
            var memberId = await TestCommunity.JoinAsync(bank.App, token, bank.Riverside.Id, PageOwner);
            TestCommunity.Ok(await bank.App.GraphQLAsync(
                "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
                new { input = new { memberId } }, bank.AdminToken), "approveMember");
            bank.Riverside.People[PageOwner] = (token, memberId);
        }
        for (var i = 0; i < count; i++)
        {
            var provider = i % 2 == 0 ? "maria" : "sam";
            if (i % 4 < 2)
            {
                var listingId = await bank.ListingAsync(provider, "OFFER", $"Offer {Guid.NewGuid():N}");
                await bank.OkAsync("requestExchange", PageOwner, new { listingId });
            }
            else
            {
                await bank.ProposeAsync(10 + i, receiver: PageOwner, provider: provider);
            }
        }
    }

    private async Task<int> CountStatementsAsync(int expectedNodes)
    {
        bank.App.SqlStatements.Reset();
        var response = await bank.App.GraphQLAsync(Page, token: bank.Token(PageOwner));
        var count = bank.App.SqlStatements.Total;
        var edges = response["data"]?["myExchanges"]?["edges"]?.AsArray();
        Assert.True(expectedNodes == edges?.Count, response.ToJsonString());
        Assert.Contains(edges!, e => e!["node"]!["listing"] is not null);
        return count;
    }
}
