using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Accounts;

/// <summary>
/// A plain first statement page is read by a prepared statement of its own; asking for <c>totalCount</c> sends the same
/// page down the general keyset path. Both must give the same lines, in every field, the same cursors and page info,
/// and the fast page's end cursor must lead on to the next page.
/// </summary>
public sealed class StatementFirstPageTests
{
    private const string Page = """
        query($first: Int, $after: String) { me { memberships { account { statement(first: $first, after: $after) {
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { entrySequence kind memo effectiveAt recordedAt minutes hours balanceAfterMinutes balanceAfterHours reversesEntrySequence exchange { id } } }
        } } } } }
        """;

    private const string Counted = """
        query($first: Int, $after: String) { me { memberships { account { statement(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { entrySequence kind memo effectiveAt recordedAt minutes hours balanceAfterMinutes balanceAfterHours reversesEntrySequence exchange { id } } }
        } } } } }
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(20)]
    public async Task AFirstPageReadsAsTheKeysetPathReadsIt(int first)
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        var token = await LoginAsync(app, "olu");

        var fast = await StatementAsync(app, Page, token, first, after: null);
        var general = await StatementAsync(app, Counted, token, first, after: null);

        var lines = fast["edges"]!.AsArray();
        if (first == 20)
        {
            // Olu's whole history (fewer than 20 lines) holds a reversal with its memo, and settlements with their exchanges: every field is exercised.
            Assert.Contains(lines, edge => edge!["node"]!["reversesEntrySequence"] is not null && edge["node"]!["memo"] is not null);
            Assert.Contains(lines, edge => edge!["node"]!["exchange"] is not null);
        }
        else
        {
            Assert.Equal(first, lines.Count);
        }
        general.Remove("totalCount");
        Assert.Equal(general.ToJsonString(), fast.ToJsonString());
    }

    [Fact]
    public async Task TheFastPagesEndCursorLeadsToTheNextPage()
    {
        await using var app = new TimeBankApplication { SeedDemo = true };
        var token = await LoginAsync(app, "olu");

        var first = await StatementAsync(app, Page, token, 2, after: null);
        var next = await StatementAsync(app, Page, token, 2, after: (string)first["pageInfo"]!["endCursor"]!);

        Assert.True((bool)first["pageInfo"]!["hasNextPage"]!);
        Assert.True((bool)next["pageInfo"]!["hasPreviousPage"]!);
        Assert.True((long)next["edges"]![0]!["node"]!["entrySequence"]! < (long)first["edges"]![1]!["node"]!["entrySequence"]!);
    }

    private static async Task<string> LoginAsync(TimeBankApplication app, string who)
    {
        var login = await app.GraphQLAsync($$"""mutation { login(input: { email: "{{who}}@demo.timebank.local", password: "tb-{{who}}-demo-2026" }) { accessToken } }""");
        return (string)login["data"]!["login"]!["accessToken"]!;
    }

    private static async Task<JsonObject> StatementAsync(TimeBankApplication app, string query, string token, int first, string? after)
    {
        var response = await app.GraphQLAsync(query, new { first, after }, token);
        Assert.True(response["errors"] is null, response.ToJsonString());
        return response["data"]!["me"]!["memberships"]![0]!["account"]!["statement"]!.AsObject();
    }
}
