using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Sessions that ended (logout, suspension, a refresh token used twice) while access tokens of theirs may still be
/// unexpired. Every request checks its token's session here, in memory, so the hot paths pay no database round trip;
/// a session is forgotten once the last access token it could have issued has expired. Sessions are refresh-token
/// families, so the list is rebuilt from the refresh tokens at start and a restart forgets nothing. One process per
/// database: a second process would not see this one's logouts before their access tokens expire.
/// </summary>
public sealed class EndedSessions(AuthOptions options, TimeProvider clock) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, DateTime> _forgetAfter = new();
    private CancellationTokenSource _changed = new();

    /// <summary>Cancelled whenever a session ends, so whoever waits on one session can look again.</summary>
    public CancellationToken Changed => Volatile.Read(ref _changed).Token;

    /// <summary>
    /// Whether a validated token of our own issuer belongs to a session that is still going. A token without a
    /// session cannot be ended, so it is not honoured.
    /// </summary>
    public bool IsLive(ClaimsPrincipal principal) =>
        Guid.TryParseExact(principal.FindFirst(AccessTokens.SessionClaim)?.Value, "N", out var session) && !_forgetAfter.ContainsKey(session);

    public void End(IReadOnlyCollection<Guid> sessions)
    {
        if (sessions.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // An access token issued just now by one of these sessions is the last that could still validate.
        var forgetAfter = now + options.AccessTokenLifetime + AccessTokens.ClockSkew;
        foreach (var session in sessions)
        {
            _forgetAfter[session] = forgetAfter;
        }
        foreach (var (session, until) in _forgetAfter)
        {
            if (until < now)
            {
                _forgetAfter.TryRemove(session, out _);
            }
        }
        // The replaced source is not disposed: waiters may still be linking to its (cancelled) token.
        Interlocked.Exchange(ref _changed, new CancellationTokenSource()).Cancel();
    }

    /// <summary>
    /// Reads the sessions that ended recently enough for their access tokens to be alive: families with a token
    /// revoked within an access-token lifetime and none left unrevoked. Two index look-ups (the revocation time, then
    /// each candidate family), so a start reads the last quarter hour's revocations, never the whole table.
    /// </summary>
    public async Task LoadAsync(TimeBankDbContext db, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime - options.AccessTokenLifetime - AccessTokens.ClockSkew;
        // No DISTINCT in SQL: with it SQLite prefers walking the whole family index to the range on RevokedAt.
        var candidates = (await db.RefreshTokens.Where(t => t.RevokedAt > since).Select(t => t.FamilyId).ToListAsync(ct)).ToHashSet();
        var continuing = await db.RefreshTokens
            .Where(t => candidates.Contains(t.FamilyId) && t.RevokedAt == null)
            .Select(t => t.FamilyId).ToListAsync(ct);
        candidates.ExceptWith(continuing);
        End(candidates);
    }

    public void Dispose() => Volatile.Read(ref _changed).Dispose();
}
