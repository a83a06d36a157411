using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Tests.Infrastructure;

namespace TimeBank.GraphQL.Tests.WebSockets;

/// <summary>Operations over graphql-transport-ws: each ends with exactly one terminal message, and nothing follows it.</summary>
public sealed class OperationTests(ToyServerFixture fixture) : IClassFixture<ToyServerFixture>
{
    private ToyServer Server => fixture.Server;

    [Fact]
    public async Task AQueryIsOneNextThenComplete()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("q1", "{ hello }");

        var next = await client.ReceiveAsync();
        var complete = await client.ReceiveAsync();
        Assert.Equal("next", (string?)next["type"]);
        Assert.Equal("q1", (string?)next["id"]);
        Assert.Equal("world", (string?)next["payload"]?["data"]?["hello"]);
        Assert.Equal("complete", (string?)complete["type"]);
        Assert.Equal("q1", (string?)complete["id"]);
        await AssertNothingMoreAsync(client);
    }

    [Fact]
    public async Task AMutationIsOneNextThenComplete()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("m1", "mutation { increment }");

        var next = await client.ReceiveAsync();
        Assert.Equal("next", (string?)next["type"]);
        Assert.True((int?)next["payload"]?["data"]?["increment"] >= 1);
        Assert.Equal("complete", (string?)(await client.ReceiveAsync())["type"]);
    }

    [Fact]
    public async Task PingIsAnsweredWithPongAndAPongIsIgnored()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SendAsync(new { type = "pong" });
        await client.SendAsync(new { type = "ping", payload = new { at = 42 } });

        var pong = await client.ReceiveAsync();
        Assert.Equal("pong", (string?)pong["type"]);
        Assert.Equal(42, (int?)pong["payload"]?["at"]);
    }

    [Fact]
    public async Task AnInvalidDocumentIsOneErrorMessageAndTheConnectionStaysOpen()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("bad", "{ nope }");

        var error = await client.ReceiveAsync();
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("bad", (string?)error["id"]);
        Assert.Equal("FIELDS_ON_CORRECT_TYPE", (string?)error["payload"]?[0]?["extensions"]?["code"]);
        await AssertNothingMoreAsync(client);
    }

    [Fact]
    public async Task AnAuthorizationFailureIsAnErrorMessageForThatOperation()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("me", "{ me }");

        var error = await client.ReceiveAsync();
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("UNAUTHENTICATED", (string?)error["payload"]?[0]?["extensions"]?["code"]);
        await AssertNothingMoreAsync(client);
    }

    [Fact]
    public async Task ASubscriptionStreamsEventsUntilTheSourceCompletes()
    {
        await using var server = await ToyServer.StartAsync();
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);

        await client.SubscribeAsync("s1", "subscription { events }");
        await server.Events.WaitForSubscribersAsync(1);
        server.Events.Publish(1);
        server.Events.Publish(2);
        server.Events.Complete();

        Assert.Equal(1, (int?)(await client.ReceiveAsync())["payload"]?["data"]?["events"]);
        Assert.Equal(2, (int?)(await client.ReceiveAsync())["payload"]?["data"]?["events"]);
        var complete = await client.ReceiveAsync();
        Assert.Equal("complete", (string?)complete["type"]);
        Assert.Equal("s1", (string?)complete["id"]);
        await AssertNothingMoreAsync(client);
    }

    [Fact]
    public async Task AClientCompleteStopsTheStreamSilently()
    {
        await using var server = await ToyServer.StartAsync();
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);
        await client.SubscribeAsync("s1", "subscription { events }");
        await server.Events.WaitForSubscribersAsync(1);
        server.Events.Publish(1);
        Assert.Equal("next", (string?)(await client.ReceiveAsync())["type"]);

        await client.SendAsync(new { type = "complete", id = "s1" });
        await WaitUntilAsync(() => server.Events.Active == 0);
        server.Events.Publish(2);

        Assert.Equal(1, server.Events.Disposed);
        // Neither the event after complete nor a complete of its own: the next message is the pong.
        await AssertNothingMoreAsync(client);
        // A complete for a finished operation is tolerated.
        await client.SendAsync(new { type = "complete", id = "s1" });
        await AssertNothingMoreAsync(client);
    }

    [Fact]
    public async Task AnIdCanBeReusedAfterItsOperationEnded()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("same", "{ hello }");
        await client.ReceiveAsync();
        Assert.Equal("complete", (string?)(await client.ReceiveAsync())["type"]);
        await client.SubscribeAsync("same", "{ hello }");

        Assert.Equal("next", (string?)(await client.ReceiveAsync())["type"]);
    }

    [Fact]
    public async Task OperationsOverTheLimitGetAnError()
    {
        await using var server = await ToyServer.StartAsync(options => options.WebSocketMaxOperations = 2);
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);

        await client.SubscribeAsync("a", "subscription { events }");
        await client.SubscribeAsync("b", "subscription { events }");
        await client.SubscribeAsync("c", "subscription { events }");

        var error = await client.ReceiveAsync();
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("c", (string?)error["id"]);
        Assert.Equal("TOO_MANY_OPERATIONS", (string?)error["payload"]?[0]?["extensions"]?["code"]);
        await server.Events.WaitForSubscribersAsync(2);
        Assert.Equal(2, server.Events.Subscribed);
    }

    [Fact]
    public async Task AResolverFailureIsMaskedWithATraceId()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("b", "{ boom }");

        var next = await client.ReceiveAsync();
        Assert.Equal("INTERNAL_SERVER_ERROR", (string?)next["payload"]?["errors"]?[0]?["extensions"]?["code"]);
        Assert.NotNull((string?)next["payload"]?["errors"]?[0]?["extensions"]?["traceId"]);
        Assert.DoesNotContain("secret detail", next.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("complete", (string?)(await client.ReceiveAsync())["type"]);
    }

    [Fact]
    public async Task AFailingSourceStreamEndsTheOperationWithOneTerminalMessage()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("x", "subscription { broken }");

        var first = await client.ReceiveAsync();
        Assert.True((string?)first["type"] is "error" or "next", first.ToJsonString());
        Assert.Contains("INTERNAL_SERVER_ERROR", first.ToJsonString(), StringComparison.Ordinal);
        if ((string?)first["type"] == "next")
        {
            Assert.Equal("complete", (string?)(await client.ReceiveAsync())["type"]);
        }
        await AssertNothingMoreAsync(client);
    }

    [Fact]
    public async Task AQueryOverTheTimeoutEndsWithATimeoutError()
    {
        await using var client = await WsClient.ConnectAndInitAsync(Server.WebSocketAddress);

        await client.SubscribeAsync("slow", "{ slow }");

        var message = await client.ReceiveAsync();
        Assert.Contains("TIMEOUT", message.ToJsonString(), StringComparison.Ordinal);
        await AssertNothingMoreAsync(client);
    }

    [Fact]
    public async Task ASubscriptionOutlivesTheExecutionTimeout()
    {
        await using var server = await ToyServer.StartAsync(options => options.ExecutionTimeout = TimeSpan.FromMilliseconds(50));
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);
        await client.SubscribeAsync("s", "subscription { events }");
        await server.Events.WaitForSubscribersAsync(1);

        // Three timeouts' worth: a stream bound to the timeout would have ended by now.
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        server.Events.Publish(7);

        Assert.Equal(7, (int?)(await client.ReceiveAsync())["payload"]?["data"]?["events"]);
    }

    [Fact]
    public async Task EachOperationRunsInItsOwnScopeWhichEndsWithIt()
    {
        await using var server = await ToyServer.StartAsync();
        var scopes = server.Services.GetRequiredService<ToyScopeCounter>();
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);

        await client.SubscribeAsync("a", "{ first: scopeId second: scopeId }");
        var a = await client.ReceiveAsync();
        await client.ReceiveAsync();
        await client.SubscribeAsync("b", "{ scopeId }");
        var b = await client.ReceiveAsync();
        await client.ReceiveAsync();

        Assert.Equal((string?)a["payload"]?["data"]?["first"], (string?)a["payload"]?["data"]?["second"]);
        Assert.NotEqual((string?)a["payload"]?["data"]?["first"], (string?)b["payload"]?["data"]?["scopeId"]);
        await WaitUntilAsync(() => scopes.DisposedScopes == 2);
    }

    /// <summary>A ping's pong is the next message: nothing else was queued before it.</summary>
    internal static async Task AssertNothingMoreAsync(WsClient client)
    {
        await client.SendAsync(new { type = "ping" });
        var message = await client.ReceiveAsync();
        Assert.Equal("pong", (string?)message["type"]);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
