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

        Assert.Equal(4403, closeStatus);
    }

    private async Task<(string? Type, int? CloseStatus)> InitAsync(object? payload)
    {
        using var socket = await GraphQLWebSocket.OpenAsync(app);
        await socket.InitAsync(payload);

        try
        {
            return ((string?)(await socket.ReceiveAsync())["type"], null);
        }
        catch (InvalidOperationException) when (socket.Socket.CloseStatus is { } status)
        {
            return (null, (int)status);
        }
    }
}
