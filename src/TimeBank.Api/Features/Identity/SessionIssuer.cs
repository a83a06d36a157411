using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>Issues an access token and a refresh token for a user, starting a session or continuing one.</summary>
public sealed class SessionIssuer(AccessTokens accessTokens, RefreshTokens refreshTokens, AuthOptions options, TimeProvider clock)
{
    public async Task<Session> StartAsync(TimeBankDbContext db, User user, CancellationToken ct, Guid? continuing = null)
    {
        var session = continuing ?? Guid.NewGuid();
        var refresh = refreshTokens.Issue(db, user.Id, session);
        await db.SaveChangesAsync(ct);
        var (access, expiresAt) = accessTokens.Issue(user, session);
        return new Session(user, access, expiresAt, refresh, clock.GetUtcNow().UtcDateTime + options.RefreshTokenLifetime);
    }
}
