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
/// that does not validate: refused, so a client learns at once that it must refresh.
/// </summary>
public sealed class BearerWebSocketAuthenticator(IOptionsMonitor<JwtBearerOptions> bearer, IServiceScopeFactory scopes) : IWebSocketAuthenticator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

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
        // The same claims transformation as HTTP requests get (external users mapped to ours).
        await using var scope = scopes.CreateAsyncScope();
        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        return scope.ServiceProvider.GetService<IClaimsTransformation>() is { } transformation
            ? await transformation.TransformAsync(principal)
            : principal;
    }
}
