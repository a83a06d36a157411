using System.Text.Json.Nodes;
using TimeBank.Api.Tests.Features.Exchanges;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.GroupExchanges;

/// <summary>
/// A workshop from proposal to settlement: tom gives it, each receiver answers, acknowledges or disputes their own share,
/// and the ledger moves exactly what was settled, nothing else. Shares are ordinary exchanges, so each step here is the
/// exchange mutation a one-to-one exchange uses.
/// </summary>
public sealed class GroupExchangeFlowTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    public const string GroupFields =
        "id status description receiverCount completionNote completedAt provider { displayName } " +
        "shares { id status agreedMinutes actualMinutes receiver { displayName } groupExchange { id } }";

    [Fact]
    public async Task AWorkshopWithThreeReceiversSettlesEachShareOnTheLedger()
    {
        var before = await BalancesAsync("tom", "maria", "sam", "poor");
        var group = await ProposeAsync("tom", ("maria", 60), ("sam", 45), ("poor", 30));
        Assert.Equal("OPEN", (string?)group["status"]);
        Assert.Equal(3, (int?)group["receiverCount"]);

        await bank.OkAsync("acceptExchange", "maria", new { exchangeId = Share(group, "maria") });
        await bank.OkAsync("acceptExchange", "sam", new { exchangeId = Share(group, "sam") });
        await bank.OkAsync("declineExchange", "poor", new { exchangeId = Share(group, "poor"), reason = "away that day" });
        var completed = await OkAsync("completeGroupExchange", "tom", new
        {
            groupExchangeId = (string)group["id"]!,
            shares = new[] { new { receiverMemberId = bank.Member("sam"), minutes = 30 } },
            note = "thanks for coming",
        });
        Assert.Equal("COMPLETED", (string?)completed["status"]);
        Assert.Equal(["COMPLETED:60", "COMPLETED:30", "DECLINED:"], Shares(completed));

        await bank.OkAsync("acknowledgeExchange", "maria", new { exchangeId = Share(group, "maria") });
        await bank.OkAsync("disputeExchange", "sam", new { exchangeId = Share(group, "sam"), reason = "I left after twenty minutes" });
        Assert.Equal("COMPLETED", (string?)(await ReadAsync((string)group["id"]!, "tom"))["status"]);
        await bank.OkAsync("resolveDispute", "coordinator", new { exchangeId = Share(group, "sam"), minutes = 20 });

        var settled = await ReadAsync((string)group["id"]!, "tom");
        Assert.Equal("SETTLED", (string?)settled["status"]);
        Assert.Equal(["SETTLED:60", "SETTLED:20", "DECLINED:"], Shares(settled));
        var after = await BalancesAsync("tom", "maria", "sam", "poor");
        Assert.Equal([before[0] + 80, before[1] - 60, before[2] - 20, before[3]], after);
        Assert.Equal(1, bank.EntriesOf(Share(group, "maria")));
        Assert.Equal(1, bank.EntriesOf(Share(group, "sam")));
        Assert.Equal(0, bank.EntriesOf(Share(group, "poor")));
        Assert.Empty(await bank.ReconcileAsync());
        var trial = await bank.App.GraphQLAsync("query($c: ID!) { trialBalance(communityId: $c) { balanced total { netMinutes } } }",
            new { c = bank.Riverside.Id }, bank.Token("coordinator"));
        Assert.True((bool?)trial["data"]!["trialBalance"]!["balanced"], trial.ToJsonString());
        Assert.Equal(0, (long?)trial["data"]!["trialBalance"]!["total"]!["netMinutes"]);
    }

    [Fact]
    public async Task CompletingCancelsTheSharesNobodyAnsweredAndReleasesNothing()
    {
        var group = await ProposeAsync("tom", ("maria", 30), ("sam", 30));
        await bank.OkAsync("acceptExchange", "maria", new { exchangeId = Share(group, "maria") });
        var holds = bank.LedgerAround(null).Holds;

        var completed = await OkAsync("completeGroupExchange", "tom", new { groupExchangeId = (string)group["id"]! });

        Assert.Equal(["COMPLETED:30", "CANCELLED:"], Shares(completed));
        Assert.Equal(holds, bank.LedgerAround(null).Holds);
        Assert.Equal("Pending", bank.LedgerAround(Share(group, "maria")).HoldStatus);
        var late = await bank.MutateAsync("acceptExchange", bank.Token("sam"), new { exchangeId = Share(group, "sam") });
        Assert.Equal("WRONG_STATUS", Code(late, "acceptExchange"));
    }

    [Fact]
    public async Task ARetryWithTheSameKeyReturnsTheFirstGroupAndOtherContentIsAConflict()
    {
        var input = new
        {
            communityId = bank.Riverside.Id,
            description = "bread baking class",
            shares = new[] { new { receiverMemberId = bank.Member("maria"), minutes = 90 }, new { receiverMemberId = bank.Member("sam"), minutes = 90 } },
            idempotencyKey = "bread-class-1",
        };
        var first = await OkAsync("proposeGroupExchange", "tom", input);
        var fingerprint = bank.Fingerprint();

        var again = await OkAsync("proposeGroupExchange", "tom", input);
        var other = await MutateAsync("proposeGroupExchange", "tom", input with { description = "sourdough class" });

        Assert.Equal((string?)first["id"], (string?)again["id"]);
        Assert.Equal("IDEMPOTENCY_CONFLICT", Code(other, "proposeGroupExchange"));
        Assert.Equal(fingerprint, bank.Fingerprint());
    }

    [Fact]
    public async Task ACompletionSentAgainAnswersAsTheFirstAndOtherMinutesAreAConflict()
    {
        var group = await ProposeAsync("tom", ("maria", 40), ("sam", 40));
        await bank.OkAsync("acceptExchange", "maria", new { exchangeId = Share(group, "maria") });
        await bank.OkAsync("acceptExchange", "sam", new { exchangeId = Share(group, "sam") });
        var input = new { groupExchangeId = (string)group["id"]!, shares = new[] { new { receiverMemberId = bank.Member("maria"), minutes = 35 } } };
        await OkAsync("completeGroupExchange", "tom", input);
        var fingerprint = bank.Fingerprint();

        var again = await OkAsync("completeGroupExchange", "tom", input);
        var other = await MutateAsync("completeGroupExchange", "tom", new { groupExchangeId = (string)group["id"]! });
        var note = await MutateAsync("completeGroupExchange", "tom", new { input.groupExchangeId, input.shares, note = "another note" });

        Assert.Equal(["COMPLETED:35", "COMPLETED:40"], Shares(again));
        Assert.Equal("IDEMPOTENCY_CONFLICT", Code(other, "completeGroupExchange"));
        Assert.Equal("IDEMPOTENCY_CONFLICT", Code(note, "completeGroupExchange"));
        Assert.Equal(fingerprint, bank.Fingerprint());
    }

    [Fact]
    public async Task AReceiverSeesOnlyTheirOwnShareAndTheProviderSeesEvery()
    {
        var group = await ProposeAsync("tom", ("maria", 20), ("sam", 20));
        var id = (string)group["id"]!;

        var asMaria = await ReadAsync(id, "maria");
        var asTom = await ReadAsync(id, "tom");
        var asPoor = await bank.App.GraphQLAsync("query($id: ID!) { groupExchange(id: $id) { id } }", new { id }, bank.Token("poor"));
        var anonymous = await bank.App.GraphQLAsync("query($id: ID!) { groupExchange(id: $id) { id } }", new { id });
        var mine = await bank.App.GraphQLAsync("{ myGroupExchanges(first: 100) { nodes { id } } }", token: bank.Token("maria"));

        Assert.Equal(["maria"], asMaria["shares"]!.AsArray().Select(s => (string)s!["receiver"]!["displayName"]!));
        Assert.Equal(2, (int?)asMaria["receiverCount"]);
        Assert.Equal(["maria", "sam"], asTom["shares"]!.AsArray().Select(s => (string)s!["receiver"]!["displayName"]!));
        Assert.Equal(id, (string?)asTom["shares"]![0]!["groupExchange"]!["id"]);
        Assert.Null(asPoor["data"]!["groupExchange"]);
        Assert.Null(anonymous["data"]!["groupExchange"]);
        Assert.Contains(id, mine["data"]!["myGroupExchanges"]!["nodes"]!.AsArray().Select(n => (string?)n!["id"]));
    }

    [Fact]
    public async Task EachReceiverHearsOfTheirOwnShareOnly()
    {
        var group = await ProposeAsync("tom", ("maria", 25), ("sam", 25));
        await bank.OkAsync("acceptExchange", "maria", new { exchangeId = Share(group, "maria") });
        await bank.OkAsync("acceptExchange", "sam", new { exchangeId = Share(group, "sam") });
        using var maria = await SubscribeAsync("maria");
        using var sam = await SubscribeAsync("sam");

        await OkAsync("completeGroupExchange", "tom", new { groupExchangeId = (string)group["id"]! });

        var heardByMaria = (await maria.ReceiveAsync())["payload"]!["data"]!["exchangeUpdated"]!;
        var heardBySam = (await sam.ReceiveAsync())["payload"]!["data"]!["exchangeUpdated"]!;
        Assert.Equal((Share(group, "maria"), "COMPLETED"), ((string)heardByMaria["id"]!, (string)heardByMaria["status"]!));
        Assert.Equal((Share(group, "sam"), "COMPLETED"), ((string)heardBySam["id"]!, (string)heardBySam["status"]!));
        await maria.AssertNothingQueuedAsync();
        await sam.AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task ASharesOwnCompletionIsTheGroups()
    {
        var group = await ProposeAsync("tom", ("maria", 20), ("sam", 20));
        await bank.OkAsync("acceptExchange", "maria", new { exchangeId = Share(group, "maria") });
        var fingerprint = bank.Fingerprint();

        var alone = await bank.MutateAsync("completeExchange", bank.Token("tom"), new { exchangeId = Share(group, "maria"), minutes = 20 });

        Assert.Equal("INVALID_INPUT", Code(alone, "completeExchange"));
        Assert.Equal(fingerprint, bank.Fingerprint());
    }

    private async Task<GraphQLWebSocket> SubscribeAsync(string person)
    {
        var socket = await GraphQLWebSocket.ConnectAsync(bank.App, bank.Token(person));
        await socket.StartAsync("1", "subscription { exchangeUpdated { id status } }");
        return socket;
    }

    /// <summary><paramref name="provider"/> proposes a group exchange to the receivers named, each with their minutes; returns the group.</summary>
    private Task<JsonNode> ProposeAsync(string provider, params (string Person, int Minutes)[] shares) =>
        OkAsync("proposeGroupExchange", provider, new
        {
            communityId = bank.Riverside.Id,
            description = "bike repair workshop",
            shares = shares.Select(s => new { receiverMemberId = bank.Member(s.Person), minutes = s.Minutes }).ToArray(),
        });

    private Task<JsonObject> MutateAsync(string mutation, string person, object input) =>
        bank.App.GraphQLAsync(MutationDocument.For(mutation, $"groupExchange {{ {GroupFields} }} errors {{ code message path }}"), new { input }, bank.Token(person));

    private async Task<JsonNode> OkAsync(string mutation, string person, object input) =>
        TestCommunity.Ok(await MutateAsync(mutation, person, input), mutation)["groupExchange"]!;

    private async Task<JsonNode> ReadAsync(string id, string person)
    {
        var response = await bank.App.GraphQLAsync($"query($id: ID!) {{ groupExchange(id: $id) {{ {GroupFields} }} }}", new { id }, bank.Token(person));
        return response["data"]?["groupExchange"] ?? throw new InvalidOperationException(response.ToJsonString());
    }

    private static string Share(JsonNode group, string person) =>
        (string)group["shares"]!.AsArray().Single(s => (string?)s!["receiver"]!["displayName"] == person)!["id"]!;

    private static string[] Shares(JsonNode group) =>
        [.. group["shares"]!.AsArray().Select(s => $"{(string)s!["status"]!}:{(int?)s["actualMinutes"]}")];

    private static string Code(JsonObject response, string mutation)
    {
        var errors = response["data"]?[mutation]?["errors"]?.AsArray();
        Assert.True(errors is [_], response.ToJsonString());
        return (string)errors[0]!["code"]!;
    }

    private async Task<long[]> BalancesAsync(params string[] people)
    {
        var balances = new List<long>();
        foreach (var person in people)
        {
            balances.Add((await bank.AccountOfAsync(person)).Balance);
        }
        return [.. balances];
    }
}
