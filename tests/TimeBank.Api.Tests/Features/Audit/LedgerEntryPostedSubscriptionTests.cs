using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Audit;

/// <summary>
/// <c>ledgerEntryPosted</c> over a real WebSocket: the community's auditors and coordinators hear of every entry (an
/// exchange's settlement, a joining grant); its members and other communities' auditors cannot subscribe, and an
/// auditor of another community hears nothing of this one.
/// </summary>
public sealed class LedgerEntryPostedSubscriptionTests(AuditFixture audit) : IClassFixture<AuditFixture>
{
    private const string Subscription = """
        subscription($communityId: ID!) {
          ledgerEntryPosted(communityId: $communityId) { sequence kind principal postings { side minutes account { owner { displayName } } } cause { exchange { id } } }
        }
        """;

    [Fact]
    public async Task TheCommunitysAuditorAndCoordinatorReceiveTheEntryOfASettledExchange()
    {
        using var auditor = await SubscribeAsync("auditor", audit.Bank.Riverside.Id);
        using var coordinator = await SubscribeAsync("coordinator", audit.Bank.Riverside.Id);
        using var elsewhere = await SubscribeAsync("other-auditor", audit.Bank.Hillside.Id);

        var exchangeId = await audit.Bank.InStatusAsync("SETTLED");

        foreach (var socket in new[] { auditor, coordinator })
        {
            var entry = await EntryAsync(socket);
            Assert.Equal("EXCHANGE", (string?)entry["kind"]);
            Assert.Equal(exchangeId, (string?)entry["cause"]!["exchange"]!["id"]);
            Assert.Equal([("DEBIT", 45, "maria"), ("CREDIT", 45, "tom")],
                entry["postings"]!.AsArray().Select(p => ((string)p!["side"]!, (int)p["minutes"]!, (string)p["account"]!["owner"]!["displayName"]!)));
            // Accepting and completing wrote no entry: nothing else was told.
            await socket.AssertNothingQueuedAsync();
        }
        await elsewhere.AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task AJoiningGrantIsToldToo()
    {
        using var auditor = await SubscribeAsync("auditor", audit.Bank.Riverside.Id);
        var token = await audit.App.RegisterAsync("newcomer.riverside@test.local");
        var memberId = await TestCommunity.JoinAsync(audit.App, token, audit.Bank.Riverside.Id, "Newcomer");

        TestCommunity.Ok(await audit.App.GraphQLAsync(
            "mutation($input: ApproveMemberInput!) { approveMember(input: $input) { errors { code message } } }",
            new { input = new { memberId } }, audit.Bank.AdminToken), "approveMember");

        var entry = await EntryAsync(auditor);
        Assert.Equal("GRANT", (string?)entry["kind"]);
        Assert.Equal("Newcomer", (string?)entry["postings"]![1]!["account"]!["owner"]!["displayName"]);
    }

    [Fact]
    public async Task EveryEntryTheApiWroteHasExactlyOneEvent()
    {
        await audit.Bank.OkAsync("recordExchange", "sam", new { providerMemberId = audit.Bank.Member("tom"), minutes = 5, description = "a lift" });
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(audit.App.DataDirectory, "timebank.db")};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // Grants of both communities, the settlement and the recording: each entry once, with its community.
        command.CommandText = """
            SELECT (SELECT count(*) FROM LedgerEntries),
                   (SELECT count(*) FROM Outbox WHERE Topic = 'ledgerEntryPosted'),
                   (SELECT count(DISTINCT json_extract(PayloadJson, '$.entrySequence')) FROM Outbox WHERE Topic = 'ledgerEntryPosted'),
                   (SELECT count(*) FROM Outbox o JOIN Communities c ON c.Id = json_extract(o.PayloadJson, '$.communityId') WHERE o.Topic = 'ledgerEntryPosted')
            """;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var entries = reader.GetInt64(0);

        Assert.True(entries > 8);
        Assert.Equal((entries, entries, entries), (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
    }

    [Theory]
    [InlineData("maria", "FORBIDDEN")]
    [InlineData("other-auditor", "NOT_FOUND")]
    [InlineData("other-coordinator", "NOT_FOUND")]
    public async Task OthersCannotSubscribe(string who, string code)
    {
        using var socket = await GraphQLWebSocket.ConnectAsync(audit.App, audit.Token(who));
        await socket.SubscribeAsync("1", Subscription, new { communityId = audit.Bank.Riverside.Id });

        var refused = await socket.ReceiveAsync();

        // The operation ran and failed, so its one result carries the error (graphql-transport-ws "next" with errors).
        Assert.Equal("next", (string?)refused["type"]);
        Assert.Equal(code, (string?)refused["payload"]!["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal("complete", (string?)(await socket.ReceiveAsync())["type"]);
        await audit.Bank.InStatusAsync("SETTLED");
        await socket.AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task AnAnonymousCallerCannotSubscribe()
    {
        using var socket = await GraphQLWebSocket.ConnectAsync(audit.App, token: null);
        await socket.SubscribeAsync("1", Subscription, new { communityId = audit.Bank.Riverside.Id });

        var refused = await socket.ReceiveAsync();

        Assert.Equal("next", (string?)refused["type"]);
        Assert.Equal("UNAUTHENTICATED", (string?)refused["payload"]!["errors"]![0]!["extensions"]!["code"]);
    }

    private async Task<GraphQLWebSocket> SubscribeAsync(string who, string communityId)
    {
        var socket = await GraphQLWebSocket.ConnectAsync(audit.App, audit.Token(who));
        await socket.StartAsync("1", Subscription, new { communityId });
        return socket;
    }

    private static async Task<JsonNode> EntryAsync(GraphQLWebSocket socket)
    {
        var message = await socket.ReceiveAsync();
        return message["payload"]?["data"]?["ledgerEntryPosted"] ?? throw new InvalidOperationException(message.ToJsonString());
    }
}
