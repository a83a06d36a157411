using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Events;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Matching;

/// <summary>
/// matchFound over graphql-transport-ws with a real WebSocket, against the API on a real Kestrel
/// loopback port: three members subscribe, and only the owners of the two matched listings are told.
/// </summary>
public sealed class MatchFoundSubscriptionTests : IAsyncLifetime
{
    private const string Subscription = "subscription { matchFound { id score reasons offer { title } request { title } } }";

    private readonly TimeBankApplication _app = new();

    private TestCommunity _riverside = null!;

    private string _categoryId = "";

    public async Task InitializeAsync()
    {
        _app.UseKestrel(ApiProcess.FreePort());
        _app.StartServer();
        var admin = await _app.RegisterAsync(TimeBankApplication.AdminEmail);
        _riverside = await TestCommunity.CreateAsync(_app, admin, "riverside", "maria", "tom", "ana");
        var community = await _app.GraphQLAsync("{ community(slug: \"riverside\") { categories { id } } }", token: admin);
        _categoryId = (string)community["data"]!["community"]!["categories"]![0]!["id"]!;
    }

    [Fact]
    public async Task OnlyTheTwoOwnersReceiveMatchFound()
    {
        await CreateListingAsync("tom", "REQUEST", "Fence painting");
        using var maria = await SubscribeAsync("maria");
        using var tom = await SubscribeAsync("tom");
        using var ana = await SubscribeAsync("ana");
        var bus = _app.Services.GetRequiredService<EventBus>();
        await Wait.UntilAsync(() => bus.SubscriberCount == 3, "three subscribers on the event bus");

        await CreateListingAsync("maria", "OFFER", "Fence and shed painting");

        var toMaria = await maria.ReceiveAsync();
        var toTom = await tom.ReceiveAsync();

        Assert.Equal("next", (string?)toMaria["type"]);
        var match = toMaria["payload"]!["data"]!["matchFound"]!;
        Assert.Equal("Fence and shed painting", (string?)match["offer"]!["title"]);
        Assert.Equal("Fence painting", (string?)match["request"]!["title"]);
        Assert.Equal((string?)match["id"], (string?)toTom["payload"]!["data"]!["matchFound"]!["id"]);
        // Both owners were told from one publish, which offered the event to every subscriber at once.
        await ana.AssertNothingQueuedAsync();
    }

    [Fact]
    public async Task AnonymousSubscribersAreRefused()
    {
        using var socket = await GraphQLWebSocket.ConnectAsync(GraphQLWebSocket.AddressOf(_app), token: null);
        await socket.SubscribeAsync("1", Subscription);

        var answer = await socket.ReceiveAsync();

        // The operation ran and failed, so its one result carries the error (graphql-transport-ws "next" with errors).
        Assert.Equal("next", (string?)answer["type"]);
        Assert.Equal("UNAUTHENTICATED", (string?)answer["payload"]!["errors"]![0]!["extensions"]!["code"]);
    }

    private async Task CreateListingAsync(string person, string kind, string title) =>
        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }",
            new { input = new { communityId = _riverside.Id, kind, title, categoryId = _categoryId, tags = new[] { "painting" } } },
            _riverside.People[person].Token), "createListing");

    private async Task<GraphQLWebSocket> SubscribeAsync(string person)
    {
        var socket = await GraphQLWebSocket.ConnectAsync(GraphQLWebSocket.AddressOf(_app), _riverside.People[person].Token);
        await socket.SubscribeAsync("match", Subscription);
        return socket;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
