using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Events;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Matching;

/// <summary>
/// matchFound over graphql-transport-ws with the .NET ClientWebSocket, against the API on a real Kestrel
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
        await WaitForSubscribersAsync(3);

        await CreateListingAsync("maria", "OFFER", "Fence and shed painting");

        var toMaria = await ReceiveAsync(maria, TimeSpan.FromSeconds(10));
        var toTom = await ReceiveAsync(tom, TimeSpan.FromSeconds(10));
        // Both owners were told from one publish, which offered the event to every subscriber at once.
        var toAna = await ReceiveAsync(ana, TimeSpan.FromSeconds(1));

        Assert.Equal("next", toMaria!.RootElement.GetProperty("type").GetString());
        var match = toMaria.RootElement.GetProperty("payload").GetProperty("data").GetProperty("matchFound");
        Assert.Equal("Fence and shed painting", match.GetProperty("offer").GetProperty("title").GetString());
        Assert.Equal("Fence painting", match.GetProperty("request").GetProperty("title").GetString());
        Assert.Equal(match.GetProperty("id").GetString(),
            toTom!.RootElement.GetProperty("payload").GetProperty("data").GetProperty("matchFound").GetProperty("id").GetString());
        Assert.Null(toAna);
    }

    [Fact]
    public async Task AnonymousSubscribersAreRefused()
    {
        using var socket = await ConnectAsync(token: null);
        await SendAsync(socket, new { id = "1", type = "subscribe", payload = new { query = Subscription } });

        using var answer = await ReceiveAsync(socket, TimeSpan.FromSeconds(10));

        // The operation ran and failed, so its one result carries the error (graphql-transport-ws "next" with errors).
        Assert.Equal("next", answer!.RootElement.GetProperty("type").GetString());
        var error = answer.RootElement.GetProperty("payload").GetProperty("errors")[0];
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("extensions").GetProperty("code").GetString());
    }

    private async Task CreateListingAsync(string person, string kind, string title) =>
        TestCommunity.Ok(await _app.GraphQLAsync(
            "mutation($input: CreateListingInput!) { createListing(input: $input) { listing { id } errors { code message } } }",
            new { input = new { communityId = _riverside.Id, kind, title, categoryId = _categoryId, tags = new[] { "painting" } } },
            _riverside.People[person].Token), "createListing");

    private async Task<ClientWebSocket> SubscribeAsync(string person)
    {
        var socket = await ConnectAsync(_riverside.People[person].Token);
        await SendAsync(socket, new { id = "match", type = "subscribe", payload = new { query = Subscription } });
        return socket;
    }

    private async Task<ClientWebSocket> ConnectAsync(string? token)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new Uri($"ws://{ServerAuthority()}/graphql"), CancellationToken.None);
        await SendAsync(socket, new { type = "connection_init", payload = token is null ? null : new { Authorization = "Bearer " + token } });
        using var ack = await ReceiveAsync(socket, TimeSpan.FromSeconds(10));
        Assert.Equal("connection_ack", ack!.RootElement.GetProperty("type").GetString());
        return socket;
    }

    private string ServerAuthority()
    {
        using var client = _app.CreateClient();
        return client.BaseAddress!.Authority;
    }

    private async Task WaitForSubscribersAsync(int count)
    {
        var bus = _app.Services.GetRequiredService<EventBus>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (bus.SubscriberCount < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(count, bus.SubscriberCount);
    }

    private static Task SendAsync(ClientWebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message, or null if none comes in time (the socket is then aborted).</summary>
    private static async Task<JsonDocument?> ReceiveAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), cancel.Token);
                length += received.Count;
            }
            while (!received.EndOfMessage);
            return received.MessageType == WebSocketMessageType.Close ? null : JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, length));
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
