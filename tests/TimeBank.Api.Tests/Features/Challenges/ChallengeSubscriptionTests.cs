using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Events;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Api.Tests.Security;

namespace TimeBank.Api.Tests.Features.Challenges;

/// <summary>
/// challengeUpdated and challengeNeedsYou over graphql-transport-ws with a real WebSocket, against the API on a real
/// Kestrel loopback port: the community's members hear of a challenge's changes, another community's members cannot
/// subscribe and hear nothing, and members offering a needed category are told once when it is approved.
/// </summary>
public sealed class ChallengeSubscriptionTests : IAsyncLifetime
{
    private const string Updated = "subscription($id: ID!) { challengeUpdated(challengeId: $id) { change challenge { id status title } } }";

    private const string NeedsYou = "subscription { challengeNeedsYou { challenge { id title } categories { id } } }";

    private readonly SecurityBank _bank = new();

    public async Task InitializeAsync()
    {
        _bank.App.UseKestrel(ApiProcess.FreePort());
        _bank.App.StartServer();
        await _bank.InitializeAsync();
    }

    public Task DisposeAsync() => _bank.DisposeAsync();

    [Fact]
    public async Task TheCommunitysMembersHearEachChangeAndNobodyElseCan()
    {
        var id = await ChallengeDriver.ProposeAsync(_bank);
        using var nina = await SubscribeAsync("nina", Updated, new { id });
        using var auditor = await SubscribeAsync("audrey", Updated, new { id });
        using var hal = await ConnectAsync("hal");
        await hal.SubscribeAsync("1", Updated, new { id });
        var refused = await hal.ReceiveAsync();
        Assert.Equal("NOT_FOUND", (string?)refused["payload"]!["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal("complete", (string?)(await hal.ReceiveAsync())["type"]);
        await SubscribersAsync(2);

        await ChallengeDriver.OkAsync(_bank, "approveChallenge", "coordinator", new { challengeId = id });
        await ChallengeDriver.OkAsync(_bank, "updateChallenge", "maria", new { challengeId = id, title = "Clean the whole river" });

        foreach (var socket in new[] { nina, auditor })
        {
            Assert.Equal(("STATUS", "OPEN"), Update(await socket.ReceiveAsync()));
            var details = await socket.ReceiveAsync();
            Assert.Equal(("DETAILS", "OPEN"), Update(details));
            Assert.Equal("Clean the whole river", (string?)details["payload"]!["data"]!["challengeUpdated"]!["challenge"]!["title"]);
        }
        await hal.AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task PledgesAndVerifiedContributionsReachTheCommunityAndNobodyElse()
    {
        var id = await ChallengeDriver.ProposeAsync(_bank);
        await ChallengeDriver.OkAsync(_bank, "approveChallenge", "coordinator", new { challengeId = id });
        await _bank.OkAsync("donateToChallenge", "nina", new { challengeId = id, minutes = 60 });
        using var nina = await SubscribeAsync("nina", Updated, new { id });
        using var hal = await ConnectAsync("hal");
        await hal.SubscribeAsync("1", Updated, new { id });
        Assert.Equal("NOT_FOUND", (string?)(await hal.ReceiveAsync())["payload"]!["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal("complete", (string?)(await hal.ReceiveAsync())["type"]);
        // hal subscribes to his own community's challenge too: riverside's changes must not reach him there either.
        var hillsideCategories = await _bank.App.GraphQLAsync("query { community(slug: \"hillside\") { categories { id } } }", token: _bank.Token("hal"));
        var hillside = (string)(await _bank.OkAsync("proposeChallenge", "hal", new
        {
            communityId = _bank.Hillside.Id,
            title = "Mend the hill path",
            needs = new[] { new { categoryId = (string)hillsideCategories["data"]!["community"]!["categories"]![0]!["id"]!, minutes = 60 } },
        }))["challenge"]!["id"]!;
        await hal.SubscribeAsync("2", Updated, new { id = hillside });
        await SubscribersAsync(2);

        await _bank.OkAsync("pledgeToChallenge", "tom", new { challengeId = id, categoryId = _bank.CategoryId, minutes = 30 });
        var logged = await _bank.OkAsync("logContribution", "tom", new { challengeId = id, categoryId = _bank.CategoryId, minutes = 20, note = "first Saturday" });
        await _bank.OkAsync("verifyContribution", "maria", new { contributionId = (string)logged["contribution"]!["id"]! });

        Assert.Equal(("PLEDGE", "OPEN"), Update(await nina.ReceiveAsync()));
        Assert.Equal(("CONTRIBUTION", "OPEN"), Update(await nina.ReceiveAsync()));
        Assert.Equal(("CONTRIBUTION", "OPEN"), Update(await nina.ReceiveAsync()));
        await nina.AssertNothingQueuedAsync();
        await hal.AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task AnonymousSubscribersAreRefused()
    {
        var id = await ChallengeDriver.ProposeAsync(_bank);
        using var socket = await GraphQLWebSocket.ConnectAsync(GraphQLWebSocket.AddressOf(_bank.App), token: null);
        await socket.SubscribeAsync("1", Updated, new { id });

        var answer = await socket.ReceiveAsync();

        Assert.Equal("UNAUTHENTICATED", (string?)answer["payload"]!["errors"]![0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task MembersOfferingANeededCategoryAreToldOnceWhenItIsApproved()
    {
        await _bank.ListingAsync("tom", "OFFER", "litter picking");
        using var tom = await SubscribeAsync("tom", NeedsYou, null);
        using var nina = await SubscribeAsync("nina", NeedsYou, null);
        await SubscribersAsync(2);
        var id = await ChallengeDriver.ProposeAsync(_bank);

        await ChallengeDriver.OkAsync(_bank, "approveChallenge", "coordinator", new { challengeId = id });
        await ChallengeDriver.OkAsync(_bank, "approveChallenge", "coordinator", new { challengeId = id });

        var told = await tom.ReceiveAsync();
        var needsYou = told["payload"]!["data"]!["challengeNeedsYou"]!;
        Assert.Equal(id, (string?)needsYou["challenge"]!["id"]);
        Assert.Equal([_bank.CategoryId], needsYou["categories"]!.AsArray().Select(c => (string?)c!["id"]));
        // The repeated approval told nobody again; nina offers nothing.
        await tom.AssertNothingQueuedAsync();
        await nina.AssertNothingQueuedAsync();
    }

    private static (string?, string?) Update(JsonObject message)
    {
        var update = message["payload"]?["data"]?["challengeUpdated"] ?? throw new InvalidOperationException(message.ToJsonString());
        return ((string?)update["change"], (string?)update["challenge"]!["status"]);
    }

    private Task SubscribersAsync(int count)
    {
        var bus = _bank.App.Services.GetRequiredService<EventBus>();
        return Wait.UntilAsync(() => bus.SubscriberCount == count, $"{count} subscribers on the event bus");
    }

    private Task<GraphQLWebSocket> ConnectAsync(string person) => GraphQLWebSocket.ConnectAsync(GraphQLWebSocket.AddressOf(_bank.App), _bank.Token(person));

    private async Task<GraphQLWebSocket> SubscribeAsync(string person, string document, object? variables)
    {
        var socket = await ConnectAsync(person);
        await socket.SubscribeAsync("1", document, variables);
        return socket;
    }
}
