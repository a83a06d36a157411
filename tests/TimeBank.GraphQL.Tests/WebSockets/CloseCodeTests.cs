using System.Net.WebSockets;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Tests.Infrastructure;
using TimeBank.GraphQL.WebSockets;

namespace TimeBank.GraphQL.Tests.WebSockets;

/// <summary>Every close code of graphql-transport-ws that this server uses, each from its cause.</summary>
public sealed class CloseCodeTests(ToyServerFixture fixture) : IClassFixture<ToyServerFixture>
{
    private ToyServer Server => fixture.Server;

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"type":"unknown"}""")]
    [InlineData("""{"type":"next","id":"1","payload":{}}""")]
    [InlineData("""{"type":"connection_ack"}""")]
    [InlineData("""{"type":"subscribe","payload":{"query":"{ hello }"}}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":"{ hello }"}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{}}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":1}}""")]
    [InlineData("""{"type":"subscribe","id":"1","payload":{"query":"{ hello }","variables":[]}}""")]
    public async Task ABadMessageCloses4400(string message)
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SendTextAsync(message);

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task AServerThatStopsClosesItsSockets1001AndStopsWithoutWaitingForThem()
    {
        var server = await ToyServer.StartAsync();
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);
        await client.SubscribeAsync("a", "subscription { events }");
        await server.Events.WaitForSubscribersAsync(1);

        var stopping = server.DisposeAsync().AsTask();

        Assert.Equal(1001, (await client.ReceiveCloseAsync()).Status);
        // Without the close, a graceful stop waits for the socket until its shutdown timeout (30 s by default).
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ABinaryMessageCloses4400()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task AnInvalidInitPayloadCloses4400()
    {
        await using var client = await WsClient.ConnectAsync(Server.WebSocketAddress);

        await client.SendTextAsync("""{"type":"connection_init","payload":"token"}""");

        Assert.Equal(4400, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task SubscribeBeforeAckCloses4401()
    {
        await using var client = await WsClient.ConnectAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("1", "{ hello }");

        Assert.Equal(4401, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task ARefusedInitCloses4403()
    {
        await using var server = await ToyServer.StartAsync(services: s => s.AddSingleton<IWebSocketAuthenticator, TokenAuthenticator>());
        await using var client = await WsClient.ConnectAsync(server.WebSocketAddress);

        await client.SendAsync(new { type = "connection_init", payload = new { Authorization = "Bearer wrong" } });

        var (status, reason, messages) = await client.ReceiveCloseAsync();
        Assert.Equal(4403, status);
        Assert.Equal("Forbidden", reason);
        Assert.Equal(0, messages);
    }

    [Fact]
    public async Task TheInitPayloadTokenSignsTheConnectionIn()
    {
        await using var server = await ToyServer.StartAsync(services: s => s.AddSingleton<IWebSocketAuthenticator, TokenAuthenticator>());
        await using var bearer = await WsClient.ConnectAndInitAsync(server.WebSocketAddress, new { Authorization = "Bearer good" });
        await using var plain = await WsClient.ConnectAndInitAsync(server.WebSocketAddress, new { token = "good" });

        await bearer.SubscribeAsync("1", "{ me }");
        await plain.SubscribeAsync("1", "{ me }");

        Assert.Equal("ann", (string?)(await bearer.ReceiveAsync())["payload"]?["data"]?["me"]);
        Assert.Equal("ann", (string?)(await plain.ReceiveAsync())["payload"]?["data"]?["me"]);
    }

    [Fact]
    public async Task ByDefaultTheUpgradeRequestsUserIsNotTrusted()
    {
        await using var client = await WsClient.ConnectAsync(Server.WebSocketAddress, user: "ann,admin");
        await client.SendAsync(new { type = "connection_init" });
        Assert.Equal("connection_ack", (string?)(await client.ReceiveAsync())["type"]);

        await client.SubscribeAsync("1", "{ me }");

        var error = await client.ReceiveAsync();
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("UNAUTHENTICATED", (string?)error["payload"]?[0]?["extensions"]?["code"]);
    }

    [Fact]
    public async Task NoInitInTimeCloses4408()
    {
        await using var server = await ToyServer.StartAsync(options => options.WebSocketInitTimeout = TimeSpan.FromMilliseconds(200));
        await using var client = await WsClient.ConnectAsync(server.WebSocketAddress);

        Assert.Equal(4408, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task ADuplicateOperationIdCloses4409()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("dup", "subscription { events }");
        await client.SubscribeAsync("dup", "subscription { events }");

        var (status, reason, _) = await client.ReceiveCloseAsync();
        Assert.Equal(4409, status);
        Assert.Equal("Subscriber for dup already exists", reason);
    }

    [Fact]
    public async Task ASecondInitCloses4429()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal(4429, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task AServerFailureCloses4500()
    {
        await using var server = await ToyServer.StartAsync(services: s => s.AddSingleton<IWebSocketAuthenticator, TokenAuthenticator>());
        await using var client = await WsClient.ConnectAsync(server.WebSocketAddress);

        await client.SendAsync(new { type = "connection_init", payload = new { token = "explode" } });

        Assert.Equal(4500, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task NoSubprotocolCloses4406()
    {
        // A client offering only other subprotocols is refused before the upgrade (HandshakeTests).
        await using var client = await WsClient.ConnectAsync(Server.WebSocketAddress, subProtocol: null);

        Assert.Equal(4406, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task AMessageOverTheSizeLimitCloses1009()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("big", "{ hello }" + new string(' ', 10_000));

        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, (await client.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task AClientCloseIsAnsweredWithANormalClose()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Equal(WebSocketState.Closed, client.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
    }

    /// <summary>Accepts the token "good" as ann, refuses others, and fails on "explode".</summary>
    private sealed class TokenAuthenticator : IWebSocketAuthenticator
    {
        public ValueTask<ClaimsPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, object?>? payload, HttpContext http, CancellationToken cancellationToken) =>
            WebSocketAuthentication.ReadToken(payload) switch
            {
                "good" => ValueTask.FromResult<ClaimsPrincipal?>(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ann")], "token"))),
                "explode" => throw new InvalidOperationException("the token service is down"),
                _ => ValueTask.FromResult<ClaimsPrincipal?>(null),
            };
    }
}
