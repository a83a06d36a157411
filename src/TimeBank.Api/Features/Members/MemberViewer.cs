using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Members;

/// <summary>
/// What the caller may see of members, per community: loaded once per request and community through a
/// DataLoader, so a page of members costs one query for the caller's roles, not one per member.
/// </summary>
public static class MemberViewer
{
    public static IDataLoaderResult<CommunityRoles> RolesIn(this IResolveFieldContext context, long communityId)
    {
        var caller = context.Caller();
        if (CallerMemberships.AppliesTo(context))
        {
            return CallerMemberships.Load(context).Then(read => new CommunityRoles(caller, read.In(communityId)));
        }
        return context.DataLoaders()
            .GetOrAddBatchLoader<long, Member>("viewer-memberships", async (communityIds, ct) =>
            {
                if (caller.UserId is not { } userId)
                {
                    return new Dictionary<long, Member>();
                }
                await using var db = await context.CreateDbContextAsync();
                return await db.Members.AsNoTracking()
                    .Where(m => m.UserId == userId && communityIds.Contains(m.CommunityId))
                    .ToDictionaryAsync(m => m.CommunityId, ct);
            })
            .LoadAsync(communityId)
            .Then(membership => new CommunityRoles(caller, membership));
    }

    /// <summary>Whether the caller sees this member at all: themself, or anyone active in the community.</summary>
    public static bool MaySee(this CommunityRoles roles, Member member) =>
        member.UserId == roles.Caller.UserId || roles.IsActiveMember || roles.IsCoordinator || roles.IsAuditor;

    /// <summary>Whether one profile field with this visibility is shown to the caller.</summary>
    public static bool MaySee(this CommunityRoles roles, Member member, Visibility visibility) =>
        member.UserId == roles.Caller.UserId || visibility switch
        {
            Visibility.Members => roles.IsActiveMember || roles.IsCoordinator,
            Visibility.Coordinators => roles.IsCoordinator,
            _ => false,
        };
}
