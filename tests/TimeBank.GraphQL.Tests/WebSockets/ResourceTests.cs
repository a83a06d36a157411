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

    [Fact]
    public async Task AClientThatStopsReadingLargeResultsIsClosedOnceTheirBytesFillTheQueue()
    {
        const int QueueBytes = 256 * 1024;
        const int Documents = 300;
        await using var server = await ToyServer.StartAsync(options =>
        {
            options.WebSocketOutgoingQueueBytes = QueueBytes;
            options.WebSocketOutgoingQueueCapacity = 10_000;
        });
        var tracker = server.Services.GetRequiredService<WebSocketTracker>();
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress);
        var text = new string('x', 100_000);

        // 30 MB of answers, far more than the socket buffers hold, asked for without reading any of them.
        try
        {
            for (var i = 0; i < Documents; i++)
            {
                await client.SubscribeAsync($"q{i}", "query($text: String!) { echo(text: $text) }", new { text });
            }
        }
        catch (WebSocketException)
        {
            // The server gave up on the connection before the client finished asking.
        }

        var (status, _, messages) = await client.ReceiveCloseAsync();
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, status);
        Assert.True(messages < 2 * Documents, $"{messages} messages arrived before the close");
        Assert.True(tracker.PeakQueuedBytes <= QueueBytes + 110_000, $"{tracker.PeakQueuedBytes} bytes were queued");
        await OperationTests.WaitUntilAsync(() => tracker.ActiveConnections == 0);
    }
}
