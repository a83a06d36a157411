using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace TimeBank.GraphQL.WebSockets;

/// <summary>
/// Decides who a WebSocket connection acts for, from the <c>connection_init</c> payload. Returning null
/// refuses the connection: it is closed with 4403 Forbidden. Register one implementation in DI; the
/// default accepts everyone as anonymous.
/// </summary>
public interface IWebSocketAuthenticator
{
    ValueTask<ClaimsPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, object?>? payload, HttpContext http, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the credentials a connection was accepted with stop being good (they expire, or the session
    /// behind them ends); the connection is then closed with 4403 Forbidden. Cancelled when the connection closes
    /// first. The default never completes: credentials checked once hold for the connection's life.
    /// </summary>
    Task WhenCredentialsEndAsync(ClaimsPrincipal user, CancellationToken connectionClosed) =>
        Task.Delay(Timeout.InfiniteTimeSpan, connectionClosed);
}

/// <summary>
/// Accepts every connection as an anonymous user. Deliberately not the upgrade request's cookie user:
/// a browser sends cookies on a cross-site WebSocket upgrade, so trusting them would let any page act
/// for a signed-in visitor. Credentials come in the <c>connection_init</c> payload instead.
/// </summary>
public sealed class DefaultWebSocketAuthenticator : IWebSocketAuthenticator
{
    public ValueTask<ClaimsPrincipal?> AuthenticateAsync(IReadOnlyDictionary<string, object?>? payload, HttpContext http, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ClaimsPrincipal?>(new ClaimsPrincipal(new ClaimsIdentity()));
}

/// <summary>Helpers for authenticators.</summary>
public static class WebSocketAuthentication
{
    /// <summary>
    /// The token a client put in its <c>connection_init</c> payload: <c>Authorization</c> (with or
    /// without the <c>Bearer </c> prefix) or <c>token</c>; null when there is none.
    /// </summary>
    public static string? ReadToken(IReadOnlyDictionary<string, object?>? payload)
    {
        if (payload is null)
        {
            return null;
        }
        var value = (payload.TryGetValue("Authorization", out var authorization) ? authorization as string : null)
            ?? (payload.TryGetValue("authorization", out var lower) ? lower as string : null)
            ?? (payload.TryGetValue("token", out var token) ? token as string : null);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : value;
    }
}
