using TimeBank.Api.Tests.Features.Listings;

namespace TimeBank.Api.Tests.Features.Matching;

public sealed class MatchQueryCostTests(ListingsFixture bank) : IClassFixture<ListingsFixture>
{
    private const string Page = """
        { myMatches(first: 50) { nodes { score reasons dismissed community { name }
          offer { title owner { displayName } category { name } } request { title owner { displayName } category { name } } } } }
        """;

    [Fact]
    public async Task APageOfMatchesCostsTheSameNumberOfSqlStatementsWhateverItsLength()
    {
        await bank.CreateAsync("maria", "Guitar lessons", tags: ["guitar"]);
        await AddRequestsAsync(2);
        var small = await CountStatementsAsync(expectedNodes: 2);

        await AddRequestsAsync(12);
        var large = await CountStatementsAsync(expectedNodes: 14);

        Assert.Equal(small, large);
        Assert.InRange(large, 1, 8);
    }

    private async Task AddRequestsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await bank.CreateAsync(i % 2 == 0 ? "tom" : "coordinator", $"Guitar chords {Guid.NewGuid():N}", kind: "REQUEST", tags: ["guitar"]);
        }
    }

    private async Task<int> CountStatementsAsync(int expectedNodes)
    {
        bank.App.SqlStatements.Reset();
        var response = await bank.App.GraphQLAsync(Page, token: bank.Token("maria"));
        var count = bank.App.SqlStatements.Total;
        Assert.Equal(expectedNodes, response["data"]?["myMatches"]?["nodes"]?.AsArray().Count);
        return count;
    }
}
