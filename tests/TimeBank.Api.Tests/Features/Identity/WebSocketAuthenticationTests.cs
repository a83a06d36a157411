using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Identity;

/// <summary>A WebSocket carries its access token in connection_init, validated like the HTTP bearer header.</summary>
public sealed class WebSocketAuthenticationTests(TimeBankApplication app) : IClassFixture<TimeBankApplication>
{
    [Fact]
    public async Task AValidTokenIsAcknowledged()
    {
        var token = await app.RegisterAsync("socket@test.local");

        var (type, closeStatus) = await InitAsync(new { Authorization = "Bearer " + token });

        Assert.Equal("connection_ack", type);
        Assert.Null(closeStatus);
    }

    [Fact]
    public async Task NoTokenIsAnonymousButAcknowledged()
    {
        var (type, _) = await InitAsync(null);

        Assert.Equal("connection_ack", type);
    }

    [Fact]
    public async Task AForgedTokenIsClosedWith4403()
    {
        var (_, closeStatus) = await InitAsync(new { token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged" });

        Assert.Equal(4403, (int?)closeStatus);
    }

    private async Task<(string? Type, WebSocketCloseStatus? CloseStatus)> InitAsync(object? payload)
    {
        var client = app.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        using var socket = await client.ConnectAsync(new Uri(app.Server.BaseAddress, "graphql"), CancellationToken.None);
        var init = JsonSerializer.SerializeToUtf8Bytes(new { type = "connection_init", payload });
        await socket.SendAsync(init, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        if (received.MessageType == WebSocketMessageType.Close)
        {
            return (null, socket.CloseStatus);
        }
        using var message = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count));
        return (message.RootElement.GetProperty("type").GetString(), null);
    }
}
