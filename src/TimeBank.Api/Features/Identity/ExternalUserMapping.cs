using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// With an external OpenID Connect issuer, its <c>sub</c> names the person; this maps it to our own
/// user (created on first sight) and adds that id as <see cref="UserIdClaim"/>, so everything after
/// sees the same kind of caller as with our own tokens. An email claim never makes an admin: that takes
/// <c>admin grant</c> on the host, as for our own logins.
/// </summary>
public sealed class ExternalUserMapping(IDbContextFactory<TimeBankDbContext> contexts, TimeProvider clock)
    : IClaimsTransformation
{
    public const string UserIdClaim = "tb_uid";

    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.FindFirst("sub")?.Value is not { Length: > 0 } subject || principal.HasClaim(c => c.Type == UserIdClaim))
        {
            return principal;
        }
        var external = $"{principal.FindFirst("iss")?.Value}|{subject}";
        await using var db = await contexts.CreateDbContextAsync();
        var user = await db.Users.SingleOrDefaultAsync(u => u.ExternalSubject == external);
        if (user is null)
        {
            var email = principal.FindFirst("email")?.Value is { } e ? EmailRules.Normalize(e) : null;
            user = new User
            {
                ExternalSubject = external,
                Email = email,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Users.Add(user);
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // A parallel first request created the same user (or the email belongs to a local login).
                db.ChangeTracker.Clear();
                user = await db.Users.SingleAsync(u => u.ExternalSubject == external);
            }
        }
        if (user.ErasedAt is not null)
        {
            return principal;
        }
        var identity = new ClaimsIdentity([new Claim(UserIdClaim, user.Id.ToString(CultureInfo.InvariantCulture))]);
        if (user.IsAdmin)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, AccessTokens.AdminRole));
        }
        var mapped = principal.Clone();
        mapped.AddIdentity(identity);
        return mapped;
    }
}
