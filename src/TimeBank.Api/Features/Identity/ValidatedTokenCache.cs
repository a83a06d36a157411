using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// The bearer handler's validation of our own access tokens, done once per token and process: an app sends the same
/// token with every request for its quarter hour, and parsing it and checking its signature again each time is most of
/// what a token costs a request. A hit is the exact token string that validated before against the same key, issuer and
/// audience (all fixed for the process), so it accepts nothing the full check would refuse, with two checks kept on
/// every request: the expiry, on the application's clock (an entry never outlives its token), and, after this handler,
/// whether the token's session has ended (<see cref="EndedSessions"/>: logout, suspension, erasure, a reused refresh
/// token), which ends access at once. Bounded: when full, expired entries go, and a token that still finds no room is
/// validated in full every time.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock) : JsonWebTokenHandler
{
    /// <summary>At most this many tokens are kept: a few hundred bytes each, so a few megabytes at most.</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var hit))
        {
            // The same rule as AccessTokens.LifetimeOn: valid until exp plus the allowed skew.
            if (hit.Token.ValidTo > now - AccessTokens.ClockSkew)
            {
                // A copy per request: a request's identity is its own to add claims to.
                return new TokenValidationResult { IsValid = true, ClaimsIdentity = hit.Identity.Clone(), SecurityToken = hit.Token };
            }
            _validated.TryRemove(token, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && result.ClaimsIdentity is { } identity)
        {
            if (_validated.Count >= Capacity)
            {
                ForgetExpired(now);
            }
            if (_validated.Count < Capacity)
            {
                _validated.TryAdd(token, new Validated(jwt, identity.Clone()));
            }
        }
        return result;
    }

    private void ForgetExpired(DateTime now)
    {
        foreach (var (token, validated) in _validated)
        {
            if (validated.Token.ValidTo <= now - AccessTokens.ClockSkew)
            {
                _validated.TryRemove(token, out _);
            }
        }
    }

    private sealed record Validated(JsonWebToken Token, ClaimsIdentity Identity);
}
