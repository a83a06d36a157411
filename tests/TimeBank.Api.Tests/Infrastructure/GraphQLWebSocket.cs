using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeBank.Api.Tests.Infrastructure;

/// <summary>
/// A graphql-transport-ws client for the API tests: over the in-memory test server (<see cref="ConnectAsync(TimeBankApplication, string?)"/>)
/// or a real Kestrel port (<see cref="ConnectAsync(Uri, string?)"/>). Every wait is bounded by <see cref="Wait.Timeout"/>
/// and a timeout fails the test; "no message arrives" is <see cref="AssertNothingQueuedAsync"/>, a ping/pong round trip,
/// never a sleep. Tests of the protocol itself (malformed frames, hostile documents) write raw frames instead.
/// </summary>
public sealed class GraphQLWebSocket : IDisposable
{
    public const string SubProtocol = "graphql-transport-ws";

    private int _fences;

    private GraphQLWebSocket(WebSocket socket) => Socket = socket;

    public WebSocket Socket { get; }

    /// <summary>Opens a socket on the in-memory test server, initialised with <paramref name="token"/> (anonymous when null) and acknowledged.</summary>
    public static async Task<GraphQLWebSocket> ConnectAsync(TimeBankApplication app, string? token) => await InitialisedAsync(await OpenAsync(app), token);

    /// <summary>Opens a real socket to <paramref name="address"/> (see <see cref="AddressOf"/>), initialised and acknowledged.</summary>
    public static async Task<GraphQLWebSocket> ConnectAsync(Uri address, string? token) => await InitialisedAsync(await OpenAsync(address), token);

    /// <summary>Opens a socket on the in-memory test server; nothing is sent yet.</summary>
    public static async Task<GraphQLWebSocket> OpenAsync(TimeBankApplication app)
    {
        var client = app.Server.CreateWebSocketClient();
        client.SubProtocols.Add(SubProtocol);
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        return new GraphQLWebSocket(await client.ConnectAsync(new Uri(app.Server.BaseAddress, "graphql"), timeout.Token));
    }

    /// <summary>Opens a real socket to <paramref name="address"/>; nothing is sent yet.</summary>
    public static async Task<GraphQLWebSocket> OpenAsync(Uri address)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(SubProtocol);
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await socket.ConnectAsync(address, timeout.Token);
        return new GraphQLWebSocket(socket);
    }

    /// <summary>The <c>ws://</c> address of the GraphQL endpoint of an application started with <c>UseKestrel</c>.</summary>
    public static Uri AddressOf(TimeBankApplication app)
    {
        using var http = app.CreateClient();
        return new Uri($"ws://{http.BaseAddress!.Authority}/graphql");
    }

    private static async Task<GraphQLWebSocket> InitialisedAsync(GraphQLWebSocket socket, string? token)
    {
        await socket.InitAsync(token is null ? null : new { Authorization = "Bearer " + token });
        var ack = await socket.ReceiveAsync();
        Assert.Equal("connection_ack", (string?)ack["type"]);
        return socket;
    }

    /// <summary>Sends <c>connection_init</c> with this payload (none when null) and does not wait for the answer.</summary>
    public Task InitAsync(object? payload) =>
        SendAsync(payload is null ? new { type = "connection_init" } : new { type = "connection_init", payload });

    /// <summary>Sends a <c>subscribe</c> message (any operation: a subscription, a query or a mutation).</summary>
    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>
    /// Subscribes and returns once the server has read the message (a ping round trip behind it), so an event published
    /// afterwards reaches this subscription.
    /// </summary>
    public async Task StartAsync(string id, string query, object? variables = null)
    {
        await SubscribeAsync(id, query, variables);
        await AssertNothingQueuedAsync();
    }

    /// <summary>
    /// Proves no message is waiting for this socket: the server answers a ping on the same ordered queue as every other
    /// message, so whatever it had queued before it read the ping arrives first and fails the assertion. Use it after the
    /// event that would have caused a message has visibly happened (another socket received it, or a mutation returned).
    /// </summary>
    public async Task AssertNothingQueuedAsync()
    {
        var fence = Interlocked.Increment(ref _fences);
        await SendAsync(new { type = "ping", payload = new { fence } });
        var next = await ReceiveAsync();
        Assert.True((string?)next["type"] == "pong" && (int?)next["payload"]?["fence"] == fence, $"expected nothing, received {next.ToJsonString()}");
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next message; fails when the server closes the socket instead or nothing comes within <see cref="Wait.Timeout"/>.</summary>
    public async Task<JsonObject> ReceiveAsync() =>
        JsonNode.Parse(await ReceiveTextAsync() ?? throw new InvalidOperationException(
            $"closed by the server: {(int?)Socket.CloseStatus} {Socket.CloseStatusDescription}"))!.AsObject();

    /// <summary>Reads (and drops) messages until the server closes the socket; returns its close code.</summary>
    public async Task<int?> ReceiveCloseAsync()
    {
        while (await ReceiveTextAsync() is not null)
        {
        }
        return (int?)Socket.CloseStatus;
    }

    private async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await Socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
    }

    public void Dispose() => Socket.Dispose();
}
