using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TimeBank.GraphQL.Tests.Infrastructure;

/// <summary>A raw graphql-transport-ws client on <see cref="ClientWebSocket"/>, for protocol-level tests.</summary>
internal sealed class WsClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private WsClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<WsClient> ConnectAsync(Uri address, string? subProtocol = "graphql-transport-ws", string? user = null)
    {
        var socket = new ClientWebSocket();
        if (user is not null)
        {
            socket.Options.SetRequestHeader("X-Toy-User", user);
        }
        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }
        await socket.ConnectAsync(address, new CancellationTokenSource(DefaultTimeout).Token);
        return new WsClient(socket);
    }

    /// <summary>Connects, sends <c>connection_init</c> and waits for <c>connection_ack</c>.</summary>
    public static async Task<WsClient> ConnectAndInitAsync(Uri address, object? payload = null)
    {
        var client = await ConnectAsync(address);
        await client.SendAsync(payload is null ? new { type = "connection_init" } : new { type = "connection_init", payload });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", (string?)ack["type"]);
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { type = "subscribe", id, payload = new { query, variables } });

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, new CancellationTokenSource(DefaultTimeout).Token);

    /// <summary>The next message; fails when the server closes instead or nothing comes in time.</summary>
    public async Task<JsonObject> ReceiveAsync(TimeSpan? timeout = null)
    {
        var text = await ReceiveTextAsync(timeout ?? DefaultTimeout)
            ?? throw new InvalidOperationException($"closed by the server: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Reads until the server closes; returns the close status and how many messages came before it.</summary>
    public async Task<(int? Status, string? Reason, int MessagesBefore)> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        var messages = 0;
        try
        {
            while (await ReceiveTextAsync(timeout ?? DefaultTimeout) is not null)
            {
                messages++;
            }
        }
        catch (WebSocketException)
        {
            // The server aborted the connection without a close frame.
        }
        return ((int?)Socket.CloseStatus, Socket.CloseStatusDescription, messages);
    }

    private async Task<string?> ReceiveTextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await Socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", new CancellationTokenSource(DefaultTimeout).Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Already gone.
            }
        }
        Socket.Dispose();
    }
}
