using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>Issues an access token and a refresh token for a user, starting or continuing a token family.</summary>
public sealed class SessionIssuer(AccessTokens accessTokens, RefreshTokens refreshTokens, AuthOptions options, TimeProvider clock)
{
    public async Task<Session> StartAsync(TimeBankDbContext db, User user, CancellationToken ct, RefreshToken? replacing = null)
    {
        var refresh = refreshTokens.Issue(db, user.Id, replacing?.FamilyId, replacing);
        await db.SaveChangesAsync(ct);
        var (access, expiresAt) = accessTokens.Issue(user);
        return new Session(user, access, expiresAt, refresh, clock.GetUtcNow().UtcDateTime + options.RefreshTokenLifetime);
    }
}
