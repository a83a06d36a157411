using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Features.Accounts;

/// <summary><c>Account.statement</c>: signed minutes, the running balance after each line, newest first, keyset pages.</summary>
public sealed class AccountStatementTests : IAsyncLifetime
{
    private const string Statement = """
        query($first: Int = 2, $after: String) {
          me { memberships { displayName account { balanceMinutes statement(first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            nodes { entrySequence kind memo minutes hours balanceAfterMinutes reversesEntrySequence recordedAt }
          } } } }
        }
        """;

    private readonly TimeBankApplication _app = new();
    private TestCommunity _bank = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _bank = await TestCommunity.CreateAsync(_app, admin, "statement", "maria", "tom");
        // Each joined with a 60-minute grant. Maria receives 90 minutes of help from Tom (the receiver is
        // debited), then gives him a 15-minute lift.
        await TransferAsync(receiver: "maria", provider: "tom", 90, "garden help");
        await TransferAsync(receiver: "tom", provider: "maria", 15, "lift to the station");
    }

    [Fact]
    public async Task LinesShowSignedMinutesAndTheBalanceAfterEachNewestFirst()
    {
        var first = await PageAsync("maria", after: null);
        var nodes = first["nodes"]!.AsArray();

        Assert.Equal(3, (int)first["totalCount"]!);
        Assert.True((bool)first["pageInfo"]!["hasNextPage"]!);
        Assert.Equal([15, -90], nodes.Select(n => (int)n!["minutes"]!));
        Assert.Equal([-15, -30], nodes.Select(n => (int)n!["balanceAfterMinutes"]!));
        Assert.Equal(0.25, (double)nodes[0]!["hours"]!);
        Assert.Equal("lift to the station", (string?)nodes[0]!["memo"]);
        Assert.True((long)nodes[0]!["entrySequence"]! > (long)nodes[1]!["entrySequence"]!);

        var second = await PageAsync("maria", after: (string)first["pageInfo"]!["endCursor"]!);
        var grant = Assert.Single(second["nodes"]!.AsArray())!;

        Assert.False((bool)second["pageInfo"]!["hasNextPage"]!);
        Assert.Equal("GRANT", (string?)grant["kind"]);
        Assert.Equal(60, (int)grant["minutes"]!);
        Assert.Equal(60, (int)grant["balanceAfterMinutes"]!);
    }

    [Fact]
    public async Task PagesGiveEveryLineOnceInOrderWhenEntriesShareATimestamp()
    {
        // The test clock stands still, so every entry is recorded in the same millisecond.
        for (var i = 1; i <= 6; i++)
        {
            await TransferAsync(receiver: "maria", provider: "tom", i, $"help {i}");
        }

        var whole = (await PageAsync("maria", first: 20, after: null))["nodes"]!.AsArray().Select(n => n!.ToJsonString()).ToList();
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await PageAsync("maria", first: 2, cursor);
            paged.AddRange(page["nodes"]!.AsArray().Select(n => n!.ToJsonString()));
            cursor = (bool)page["pageInfo"]!["hasNextPage"]! ? (string)page["pageInfo"]!["endCursor"]! : null;
        }
        while (cursor is not null);

        var sequences = whole.Select(n => (long)JsonNode.Parse(n)!["entrySequence"]!).ToList();
        Assert.Equal(9, whole.Count);
        Assert.Single(whole.Select(n => (string?)JsonNode.Parse(n)!["recordedAt"]).Distinct());
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.Equal(whole, paged);
    }

    [Fact]
    public async Task TheLatestLinesBalanceIsTheAccountsBalance()
    {
        foreach (var person in new[] { "maria", "tom" })
        {
            var response = await _app.GraphQLAsync(Statement, new { after = (string?)null }, _bank.People[person].Token);
            var account = response["data"]!["me"]!["memberships"]![0]!["account"]!;

            Assert.Equal((int)account["balanceMinutes"]!, (int)account["statement"]!["nodes"]![0]!["balanceAfterMinutes"]!);
        }
    }

    [Fact]
    public async Task AnotherMembersStatementIsNotVisible()
    {
        var response = await _app.GraphQLAsync(
            "query($id: ID!) { member(id: $id) { displayName account { statement { totalCount } } } }",
            new { id = _bank.People["maria"].MemberId }, _bank.People["tom"].Token);

        Assert.Equal("maria", (string?)response["data"]!["member"]!["displayName"]);
        Assert.Null(response["data"]!["member"]!["account"]);
    }

    [Fact]
    public async Task ACursorOfAnotherListIsRefused()
    {
        var response = await _app.GraphQLAsync(Statement, new { after = "bm90LWEtY3Vyc29y" }, _bank.People["maria"].Token);

        Assert.Equal("INVALID_CURSOR", (string?)response["errors"]![0]!["extensions"]!["code"]);
    }

    private async Task<JsonNode> PageAsync(string person, string? after) => await PageAsync(person, first: 2, after);

    private async Task<JsonNode> PageAsync(string person, int first, string? after)
    {
        var response = await _app.GraphQLAsync(Statement, new { first, after }, _bank.People[person].Token);
        return response["data"]?["me"]?["memberships"]?[0]?["account"]?["statement"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    private async Task TransferAsync(string receiver, string provider, long minutes, string memo)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimeBankDbContext>();
        var accounts = await db.Members.Where(m => m.DisplayName == receiver || m.DisplayName == provider).ToDictionaryAsync(m => m.DisplayName, m => m.AccountId!.Value);
        var ledger = scope.ServiceProvider.GetRequiredService<LedgerWriter<TimeBankDbContext>>();
        var result = await ledger.SubmitAsync(
            new Transfer(EntryKind.Exchange, [PostingLine.Debit(accounts[receiver], minutes), PostingLine.Credit(accounts[provider], minutes)])
            {
                IdempotencyKey = $"test:{receiver}:{provider}:{minutes}",
                ActorId = "test",
                PrincipalId = "test",
                Memo = memo,
            });
        Assert.True(result.Succeeded, result.Status.ToString());
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();
}
