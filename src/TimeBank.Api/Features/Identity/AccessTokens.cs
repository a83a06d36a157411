using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>Issues the short-lived JWT access tokens. Community roles are not in the token: they
/// change (approval, suspension) and are read per request, so a token never carries stale rights.</summary>
public sealed class AccessTokens(AuthOptions options, SymmetricSecurityKey key, TimeProvider clock)
{
    public const string AdminRole = "ADMIN";

    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTime ExpiresAt) Issue(User user)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
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
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = ClaimTypes.Role,
    };
}
