using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Members;

public static class MemberQueries
{
    private static readonly KeysetOrder<Member> ByName = new KeysetOrder<Member>().By(m => m.DisplayName).By(m => m.Id);

    public static void AddMemberQueries(this ObjectGraphType query)
    {
        query.Field<MemberType>("member")
            .Description("A member by ID; null when there is none or you are not in their community.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The member's ID.", a => a.IdOf<long>("Member"))
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetId<long>("id", "Member");
                if (CallerMemberships.AppliesTo(ctx))
                {
                    // The member, then the caller's roles from the request's one read of their memberships, which the
                    // member's fields use again: two statements in all.
                    Member? member;
                    await using (var db = await ctx.CreateDbContextAsync())
                    {
                        member = await db.Members.AsNoTracking().Include(m => m.Skills).SingleOrDefaultAsync(m => m.Id == id, ctx.CancellationToken);
                    }
                    return member is not null && (await ctx.RolesIn(member.CommunityId).GetResultAsync(ctx.CancellationToken)).MaySee(member) ? member : null;
                }
                var visible = await MemberType.VisibleTo(ctx.Service<IDbContextFactory<TimeBankDbContext>>(), ctx.Caller())([id], ctx.CancellationToken);
                return visible.GetValueOrDefault(id);
            });

        query.Field<NonNullGraphType<ConnectionType<MemberType>>>("members")
            .Description("The members of a community, by name. Visible to its active members, coordinators and auditors.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<MemberFilterType>("filter", "Narrows the list; by default active members only.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                var filter = ctx.GetArgument<MemberFilter?>("filter") ?? new MemberFilter();
                await using var db = await ctx.CreateDbContextAsync();
                var roles = await CommunityRoles.LoadAsync(db, communityId, ctx.Caller(), ctx.CancellationToken);
                if (!(roles.IsActiveMember || roles.IsCoordinator || roles.IsAuditor))
                {
                    throw new QueryError(ErrorCode.Forbidden, "Only members of this community see its members.");
                }
                var members = MemberFilter.Apply(db.Members.AsNoTracking().Include(m => m.Skills).Where(m => m.CommunityId == communityId), filter);
                return await members.ToConnectionAsync(ByName, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
    }
}
