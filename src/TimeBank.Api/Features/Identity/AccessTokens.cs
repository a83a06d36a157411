using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>Issues the short-lived JWT access tokens. Community roles are not in the token: they
/// change (approval, suspension) and are read per request, so a token never carries stale rights.
/// Each token names its session (<see cref="SessionClaim"/>), so ending the session ends the token.</summary>
public sealed class AccessTokens(AuthOptions options, SymmetricSecurityKey key, TimeProvider clock)
{
    public const string AdminRole = "ADMIN";

    /// <summary>The session (refresh-token family) a token belongs to; see <see cref="EndedSessions"/>.</summary>
    public const string SessionClaim = JwtRegisteredClaimNames.Sid;

    /// <summary>How far the validating clock may be off the issuing one.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTime ExpiresAt) Issue(User user, Guid session)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            [SessionClaim] = session.ToString("N"),
        };
        if (user.IsAdmin)
        {
            claims[ClaimTypes.Role] = AdminRole;
        }
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>The parameters that accept our own tokens (HTTP bearer and WebSocket init alike).</summary>
    public static TokenValidationParameters ValidationParameters(AuthOptions options, SymmetricSecurityKey key) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = ClockSkew,
        RequireExpirationTime = true,
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = ClaimTypes.Role,
    };

    /// <summary>
    /// Lifetime on the application's clock, the one that stamped the token. A token without <c>exp</c> is refused: a
    /// custom validator replaces the library's own check, <see cref="TokenValidationParameters.RequireExpirationTime"/> included.
    /// </summary>
    public static LifetimeValidator LifetimeOn(TimeProvider clock) => (notBefore, expires, _, parameters) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is not null
            && expires > now - parameters.ClockSkew
            && (notBefore is null || notBefore <= now + parameters.ClockSkew);
    };

    /// <summary>When a validated token expires, from its <c>exp</c> claim; null when it has none.</summary>
    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
