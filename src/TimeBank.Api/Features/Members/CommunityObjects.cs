using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// The one look-up by id of objects that each belong to a community (members, listings, exchanges), for
/// <c>node(id:)</c> and the by-id queries: the rows, then the caller's memberships in their communities in one
/// query, and only what the caller may see. The rest is left out, so it answers null as a missing object does and
/// its ids cannot be probed.
/// </summary>
public static class CommunityObjects
{
    /// <summary>
    /// The fetch of <c>node(id:)</c> for a type: <paramref name="rows"/> reads the asked ids, e.g.
    /// <c>(db, ids) => db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id))</c>, and <paramref name="maySee"/> is the
    /// type's visibility rule, given the caller's roles in the object's community.
    /// </summary>
    public static BatchFetch<long, T> VisibleTo<T>(
        this IDbContextFactory<TimeBankDbContext> contexts,
        Caller caller,
        Func<TimeBankDbContext, IReadOnlyList<long>, IQueryable<T>> rows,
        Func<T, long> idOf,
        Func<T, long> communityOf,
        Func<CommunityRoles, T, bool> maySee) =>
        async (ids, ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var found = await rows(db, ids).ToListAsync(ct);
            var communityIds = found.Select(communityOf).Distinct().ToList();
            var mine = await db.Members.AsNoTracking()
                .Where(m => m.UserId == caller.UserId && communityIds.Contains(m.CommunityId))
                .ToDictionaryAsync(m => m.CommunityId, ct);
            return found.Where(row => maySee(new CommunityRoles(caller, mine.GetValueOrDefault(communityOf(row))), row)).ToDictionary(idOf);
        };
}
