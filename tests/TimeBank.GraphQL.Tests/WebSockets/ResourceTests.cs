using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Tests.Infrastructure;
using TimeBank.GraphQL.WebSockets;

namespace TimeBank.GraphQL.Tests.WebSockets;

/// <summary>Sockets that go away, and clients that read too slowly, leave nothing behind.</summary>
public sealed class ResourceTests
{
    [Fact]
    public async Task ADroppedSocketDisposesItsSubscriptions()
    {
        await using var server = await ToyServer.StartAsync();
        var tracker = server.Services.GetRequiredService<WebSocketTracker>();
        var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);
        await client.SubscribeAsync("a", "subscription { events }");
        await client.SubscribeAsync("b", "subscription { events }");
        await server.Events.WaitForSubscribersAsync(2);
        Assert.Equal(2, tracker.ActiveOperations);

        client.Socket.Abort();
        client.Socket.Dispose();

        await OperationTests.WaitUntilAsync(() => tracker.ActiveConnections == 0);
        Assert.Equal(0, tracker.ActiveOperations);
        Assert.Equal(0, server.Events.Active);
        Assert.Equal(2, server.Events.Subscribed);
        Assert.Equal(2, server.Events.Disposed);
    }

    [Fact]
    public async Task AClosedSocketDisposesItsSubscriptions()
    {
        await using var server = await ToyServer.StartAsync();
        var tracker = server.Services.GetRequiredService<WebSocketTracker>();
        await using (var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress))
        {
            await client.SubscribeAsync("a", "subscription { events }");
            await server.Events.WaitForSubscribersAsync(1);
        }

        await OperationTests.WaitUntilAsync(() => tracker.ActiveConnections == 0);
        Assert.Equal(0, tracker.ActiveOperations);
        Assert.Equal(1, server.Events.Disposed);
    }

    [Fact]
    public async Task ASlowConsumerIsClosedAndItsQueueStaysBounded()
    {
        await using var server = await ToyServer.StartAsync(options => options.WebSocketOutgoingQueueCapacity = 4);
        var tracker = server.Services.GetRequiredService<WebSocketTracker>();
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);
        await client.SubscribeAsync("flood", "subscription { events }");
        await server.Events.WaitForSubscribersAsync(1);

        // Far more events than the queue holds, faster than one writer can send them.
        for (var i = 0; i < 20_000 && server.Events.Active > 0; i++)
        {
            server.Events.Publish(i);
        }

        var (status, _, messages) = await client.ReceiveCloseAsync();
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, status);
        Assert.True(messages < 20_000, $"{messages} messages arrived before the close");
        await OperationTests.WaitUntilAsync(() => tracker.ActiveConnections == 0);
        Assert.Equal(0, server.Events.Active);
    }
}
