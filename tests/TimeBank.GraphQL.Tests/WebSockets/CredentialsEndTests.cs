using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.GraphQL.Tests.Infrastructure;
using TimeBank.GraphQL.WebSockets;

namespace TimeBank.GraphQL.Tests.WebSockets;

/// <summary>Credentials are checked at connection_init; when the authenticator says they ended, the connection closes with 4403.</summary>
public sealed class CredentialsEndTests
{
    [Fact]
    public async Task AConnectionClosesWith4403WhenItsCredentialsEnd()
    {
        var authenticator = new EndingAuthenticator();
        await using var server = await ToyServer.StartAsync(services: s => s.AddSingleton<IWebSocketAuthenticator>(authenticator));
        await using var client = await WsClient.ConnectAndInitAsync(server.WebSocketAddress, new { token = "ann" });
        await client.SubscribeAsync("1", "{ me }");
        Assert.Equal("ann", (string?)(await client.ReceiveAsync())["payload"]?["data"]?["me"]);

        authenticator.End();

        var (status, _, _) = await client.ReceiveCloseAsync();
        Assert.Equal(4403, status);
    }

    /// <summary>Accepts anyone as ann until <see cref="End"/> is called.</summary>
    private sealed class EndingAuthenticator : IWebSocketAuthenticator
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void End() => _ended.SetResult();

        public ValueTask<ClaimsPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, object?>? payload, HttpContext http, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ClaimsPrincipal?>(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ann")], "token")));

        public Task WhenCredentialsEndAsync(ClaimsPrincipal user, CancellationToken connectionClosed) => _ended.Task.WaitAsync(connectionClosed);
    }
}
