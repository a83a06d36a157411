using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Impact;

/// <summary>
/// <c>communityImpact(communityId, from, to)</c>: what the community did together over a period, for its members,
/// coordinators and auditors. Anyone else is answered as if the community did not exist (NOT_FOUND), as the by-id
/// look-ups answer; a member whose membership is not active is FORBIDDEN.
/// </summary>
public static class CommunityImpactQuery
{
    public static void AddImpactQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<CommunityImpactType>>("communityImpact")
            .Description(
                $"What the community did together from `from` (inclusive) to `to` (exclusive): minutes exchanged per month and category, active, new, " +
                $"reciprocal and quiet members, hours donated and contributed, challenges achieved. At most {ImpactPeriod.MaxMonths} calendar months " +
                "(PERIOD_TOO_LONG). For the community's active members, coordinators and auditors; NOT_FOUND for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<NonNullGraphType<DateTimeGraphType>>("from", "The start of the period (UTC), inclusive.")
            .Argument<NonNullGraphType<DateTimeGraphType>>("to", "The end of the period (UTC), exclusive; later than `from`.")
            .ResolveAsync(async ctx =>
            {
                var period = ImpactPeriod.Of(ctx.GetArgument<DateTime>("from"), ctx.GetArgument<DateTime>("to"));
                var communityId = ctx.GetId<long>("communityId", "Community");
                await using var db = await ctx.CreateDbContextAsync();
                var roles = await CommunityRoles.LoadAsync(db, communityId, ctx.Caller(), ctx.CancellationToken);
                var community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId, ctx.CancellationToken);
                if (community is null || !(roles.IsActiveMember || roles.IsCoordinator || roles.IsAuditor))
                {
                    throw new QueryError(community is null
                        ? new Failure(ErrorCode.NotFound, "No such community.", "communityId")
                        : roles.Refuse("No such community.", "communityId", "Only the community's active members, coordinators and auditors see its impact."));
                }
                return await CommunityImpactReads.ReadAsync(db, community, period, ctx.CancellationToken);
            });
}
