using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Rotating refresh tokens: the client holds a random secret, we keep its SHA-256 only. A session is one family of
/// tokens; each refresh uses its token up (once, atomically) and issues the successor. A token used a second time, even
/// at the same moment as its first use, ends the session: it was copied, or the client raced itself.
/// </summary>
public sealed class RefreshTokens(AuthOptions options, EndedSessions ended, TimeProvider clock)
{
    /// <summary>Adds a new token to the context (saved by the caller): the first of a new session, or the next of one.</summary>
    public string Issue(TimeBankDbContext db, long userId, Guid session)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = userId,
            TokenHash = Hash(secret),
            FamilyId = session,
            CreatedAt = now,
            ExpiresAt = now + options.RefreshTokenLifetime,
        });
        return secret;
    }

    /// <summary>The stored token for a secret, used or not; null when unknown or expired.</summary>
    public async Task<RefreshToken?> FindAsync(TimeBankDbContext db, string secret, CancellationToken ct)
    {
        var hash = Hash(secret);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        return token is null || token.ExpiresAt <= clock.GetUtcNow().UtcDateTime ? null : token;
    }

    /// <summary>
    /// Marks the token used, if nobody has: one conditional UPDATE, so of simultaneous callers exactly one sees a row
    /// change. Run it in the transaction that saves the successor, so the use and the successor commit together.
    /// </summary>
    public async Task<bool> TryUseAsync(TimeBankDbContext db, RefreshToken token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        return changed == 1;
    }

    /// <summary>Ends a session: its refresh tokens stop working now, its access tokens on their next request.</summary>
    public async Task EndSessionAsync(TimeBankDbContext db, Guid session, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RefreshTokens
            .Where(t => t.FamilyId == session && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        ended.End([session]);
    }

    /// <summary>Ends every session of a user (suspension): the ones with a live refresh token are all that can still act.</summary>
    public async Task EndSessionsOfUserAsync(TimeBankDbContext db, long userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.RefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now)
            .Select(t => t.FamilyId).Distinct().ToListAsync(ct);
        await db.RefreshTokens
            .Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        ended.End(sessions);
    }

    internal static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
