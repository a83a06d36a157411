using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Rotating refresh tokens: the client holds a random secret, we keep its SHA-256 only. Each refresh
/// revokes the token used and issues its successor; reuse of a revoked token revokes the family.
/// </summary>
public sealed class RefreshTokens(AuthOptions options, TimeProvider clock)
{
    public string Issue(TimeBankDbContext db, long userId, Guid? familyId = null, RefreshToken? replacing = null)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new RefreshToken
        {
            UserId = userId,
            TokenHash = Hash(secret),
            FamilyId = familyId ?? Guid.NewGuid(),
            CreatedAt = now,
            ExpiresAt = now + options.RefreshTokenLifetime,
        };
        db.RefreshTokens.Add(token);
        if (replacing is not null)
        {
            replacing.RevokedAt = now;
        }
        return secret;
    }

    /// <summary>Finds the live token for a secret; a replayed (revoked) one revokes its family and returns null.</summary>
    public async Task<RefreshToken?> FindUsableAsync(TimeBankDbContext db, string secret, CancellationToken ct)
    {
        var hash = Hash(secret);
        var token = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (token is null || token.ExpiresAt <= now)
        {
            return null;
        }
        if (token.RevokedAt is not null)
        {
            await RevokeFamilyAsync(db, token.FamilyId, ct);
            return null;
        }
        return token;
    }

    public async Task RevokeFamilyAsync(TimeBankDbContext db, Guid familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RefreshTokens
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    internal static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
