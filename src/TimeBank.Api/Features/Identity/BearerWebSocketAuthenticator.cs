using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using TimeBank.GraphQL.WebSockets;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Authenticates a WebSocket from the access token in its <c>connection_init</c> payload, with the same
/// validation as the HTTP bearer scheme. No token: anonymous (public subscriptions still work). A token
/// that does not validate: refused, so a client learns at once that it must refresh. The connection lasts
/// as long as the token would still validate: it closes when the token expires or its session ends.
/// </summary>
public sealed class BearerWebSocketAuthenticator(
    IOptionsMonitor<JwtBearerOptions> bearer, IServiceScopeFactory scopes, AuthOptions auth, EndedSessions ended, TimeProvider clock)
    : IWebSocketAuthenticator
{
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    private bool OwnTokens => string.IsNullOrWhiteSpace(auth.Authority);

    public async ValueTask<ClaimsPrincipal?> AuthenticateAsync(
        IReadOnlyDictionary<string, object?>? payload, HttpContext http, CancellationToken cancellationToken)
    {
        var token = WebSocketAuthentication.ReadToken(payload);
        if (token is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }
        var options = bearer.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } manager)
        {
            // An external issuer: its signing keys come from its discovery document.
            var configuration = await manager.GetConfigurationAsync(cancellationToken);
            parameters.IssuerSigningKeys = configuration.SigningKeys;
            parameters.ValidIssuer ??= configuration.Issuer;
        }
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return null;
        }
        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        if (OwnTokens && !ended.IsLive(principal))
        {
            return null;
        }
        // The same claims transformation as HTTP requests get (external users mapped to ours).
        await using var scope = scopes.CreateAsyncScope();
        return scope.ServiceProvider.GetService<IClaimsTransformation>() is { } transformation
            ? await transformation.TransformAsync(principal)
            : principal;
    }

    /// <summary>
    /// Waits for the token's expiry (on the application's clock) and, for our own tokens, for its session to end; every
    /// ended session wakes the wait to look again, which costs a dictionary lookup per open socket.
    /// </summary>
    public async Task WhenCredentialsEndAsync(ClaimsPrincipal user, CancellationToken connectionClosed)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, connectionClosed);
            return;
        }
        var expires = AccessTokens.ExpiresAt(user) + AccessTokens.ClockSkew;
        while (true)
        {
            var changed = ended.Changed;
            if (OwnTokens && !ended.IsLive(user))
            {
                return;
            }
            var left = expires is { } at ? at - clock.GetUtcNow() : Timeout.InfiniteTimeSpan;
            if (expires is not null && left <= TimeSpan.Zero)
            {
                return;
            }
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(connectionClosed, changed);
            try
            {
                // A timer cannot wait much longer than 49 days; a token of a far-off expiry is waited for a day at a time.
                await Task.Delay(left > OneDay ? OneDay : left, clock, wake.Token);
            }
            catch (OperationCanceledException) when (!connectionClosed.IsCancellationRequested)
            {
                // A session ended somewhere: look again.
            }
        }
    }
}
