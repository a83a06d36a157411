using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Makes a registered user a deployment admin, or an admin an ordinary user again. Only the operator does this, from
/// the host (<see cref="AdminCommand"/>): no API call makes an admin, so owning an admin means holding the host.
/// </summary>
public static class AdminRights
{
    public static async Task<Outcome<User>> SetAsync(TimeBankDbContext db, string email, bool isAdmin, CancellationToken ct)
    {
        var normalized = EmailRules.Normalize(email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalized && u.ErasedAt == null, ct);
        if (user is null)
        {
            return new Failure(ErrorCode.NotFound,
                $"no user has the email {normalized}: they register first (with an external issuer, they sign in once).", "email");
        }
        user.IsAdmin = isAdmin;
        await db.SaveChangesAsync(ct);
        return user;
    }

    public static Task<List<string>> ListAsync(TimeBankDbContext db, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.IsAdmin && u.ErasedAt == null && u.Email != null)
            .OrderBy(u => u.Email).Select(u => u.Email!).ToListAsync(ct);
}
