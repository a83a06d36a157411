using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Challenges;

/// <summary>The filter of <c>challenges</c>.</summary>
public sealed record ChallengeFilter(ChallengeStatus? Status = null);

public sealed class ChallengeFilterType : InputObjectGraphType<ChallengeFilter>
{
    public ChallengeFilterType()
    {
        Name = "ChallengeFilter";
        Description = "Narrows a list of challenges; every given criterion must hold.";
        Field<ChallengeStatusType>("status").Description("Challenges in this status only; every status by default.");
    }
}

public static class ChallengeQueries
{
    // Newest first: on the (CommunityId, Status, Id) index, a page is one seek whether or not a status is given.
    private static readonly KeysetOrder<Challenge> Newest = new KeysetOrder<Challenge>().By(c => c.Id, descending: true);

    public static void AddChallengeQueries(this ObjectGraphType query)
    {
        query.Field<ChallengeType>("challenge")
            .Description("One challenge, for the active members, coordinators and auditors of its community; null for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The challenge's ID.", a => a.IdOf<long>("Challenge"))
            .ResolveAsync(async ctx =>
            {
                var id = ctx.GetId<long>("id", "Challenge");
                var visible = await ChallengeType.VisibleTo(ctx.Service<IDbContextFactory<TimeBankDbContext>>(), ctx.Caller())([id], ctx.CancellationToken);
                return visible.GetValueOrDefault(id);
            });

        query.Field<NonNullGraphType<ConnectionType<ChallengeType>>>("challenges")
            .Description("The challenges of a community, newest first. Its active members, coordinators and auditors; others get NOT_FOUND (FORBIDDEN inside it).")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<ChallengeFilterType>("filter", "Narrows the list.")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                var filter = ctx.GetArgument<ChallengeFilter?>("filter") ?? new ChallengeFilter();
                _ = ctx.SignedInUserId("Log in to see the community's challenges.");
                await using var db = await ctx.CreateDbContextAsync();
                var roles = await CommunityRoles.LoadAsync(db, communityId, ctx.Caller(), ctx.CancellationToken);
                if (!roles.IsActiveMember && !roles.IsCoordinator && !roles.IsAuditor)
                {
                    throw new QueryError(roles.Refuse("No such community.", "communityId", "Only active members of this community see its challenges."));
                }
                var challenges = db.Challenges.AsNoTracking().Where(c => c.CommunityId == communityId);
                if (filter.Status is { } status)
                {
                    challenges = challenges.Where(c => c.Status == status);
                }
                return await challenges.ToConnectionAsync(Newest, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
    }
}
