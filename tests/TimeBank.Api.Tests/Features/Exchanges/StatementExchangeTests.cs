namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>A member's statement: newest first, each line with the balance right after it and the exchange behind it.</summary>
public sealed class StatementExchangeTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private const string Statement = """
        query($id: ID!, $after: String) { node(id: $id) { ... on Member { account { balanceMinutes
            statement(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
                nodes { kind minutes balanceAfterMinutes exchange { id } } } } } } }
        """;

    [Fact]
    public async Task ShowsEachExchangeWithTheRunningBalanceAndPagesBackToTheGrant()
    {
        var first = await bank.InStatusAsync("SETTLED");
        var second = await bank.InStatusAsync("SETTLED");

        var page = await PageAsync(null);
        var lines = page["nodes"]!.AsArray();

        Assert.Equal(3, (int?)page["totalCount"]);
        Assert.Equal([second, first], lines.Select(l => (string?)l!["exchange"]!["id"]));
        Assert.Equal([-45, -45], lines.Select(l => (int?)l!["minutes"]));
        Assert.Equal([60 - 90, 60 - 45], lines.Select(l => (int?)l!["balanceAfterMinutes"]));
        Assert.True((bool)page["pageInfo"]!["hasNextPage"]!);

        var older = await PageAsync((string?)page["pageInfo"]!["endCursor"]);
        var grant = older["nodes"]!.AsArray().Single()!;
        Assert.Equal("GRANT", (string?)grant["kind"]);
        Assert.Equal(60, (int?)grant["balanceAfterMinutes"]);
        Assert.Null(grant["exchange"]);
        Assert.False((bool)older["pageInfo"]!["hasNextPage"]!);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> PageAsync(string? after)
    {
        var response = await bank.App.GraphQLAsync(Statement, new { id = bank.Member("maria"), after }, bank.Token("maria"));
        return response["data"]?["node"]?["account"]?["statement"] ?? throw new InvalidOperationException(response.ToJsonString());
    }
}
