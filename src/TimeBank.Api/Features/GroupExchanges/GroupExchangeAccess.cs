using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>
/// Who sees a group exchange: its provider, every receiver with a share in it, and the community's coordinators and
/// auditors; the same people who see one of its shares. Anyone else is told it does not exist.
/// </summary>
public static class GroupExchangeAccess
{
    /// <summary>Whether <paramref name="roles"/> may see <paramref name="group"/>, given whether the caller holds a share of it.</summary>
    public static bool MaySee(this CommunityRoles roles, GroupExchange group, bool holdsAShare)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(group);
        return roles.IsCoordinator || roles.IsAuditor || holdsAShare || roles.Membership?.Id == group.ProviderMemberId;
    }

    /// <summary>Whether <paramref name="roles"/> sees every share of the group (the provider, coordinators, auditors), not only their own.</summary>
    public static bool SeesEveryShare(this CommunityRoles roles, GroupExchange group)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(group);
        return roles.IsCoordinator || roles.IsAuditor || roles.Membership?.Id == group.ProviderMemberId;
    }

    /// <summary>Group exchanges by id, only those the caller may see (<c>node(id:)</c> and <c>groupExchange(id:)</c>): three queries a batch.</summary>
    public static BatchFetch<long, GroupExchange> VisibleTo(IDbContextFactory<TimeBankDbContext> contexts, Caller caller) =>
        async (ids, ct) =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var groups = await db.GroupExchanges.AsNoTracking().Where(g => ids.Contains(g.Id)).ToListAsync(ct);
            var communityIds = groups.Select(g => g.CommunityId).Distinct().ToList();
            var mine = await db.Members.AsNoTracking()
                .Where(m => m.UserId == caller.UserId && communityIds.Contains(m.CommunityId))
                .ToDictionaryAsync(m => m.CommunityId, ct);
            var myMemberIds = mine.Values.Select(m => m.Id).ToList();
            var holding = (await db.Exchanges.AsNoTracking()
                    .Where(e => e.GroupExchangeId != null && ids.Contains(e.GroupExchangeId.Value) && myMemberIds.Contains(e.ReceiverMemberId))
                    .Select(e => e.GroupExchangeId!.Value)
                    .ToListAsync(ct))
                .ToHashSet();
            return groups
                .Where(g => new CommunityRoles(caller, mine.GetValueOrDefault(g.CommunityId)).MaySee(g, holding.Contains(g.Id)))
                .ToDictionary(g => g.Id);
        };
}
