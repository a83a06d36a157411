using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;

namespace TimeBank.Api.Features.Challenges.Pledges;

/// <summary><c>Challenge.pledges</c>: who pledged what, oldest first, keyset-paged on the pledge's id.</summary>
public static class ChallengePledgeFields
{
    private static readonly KeysetOrder<ChallengePledge> Oldest = new KeysetOrder<ChallengePledge>().By(p => p.Id);

    public static void AddPledgeFields(this ObjectGraphType<Challenge> challenge) =>
        challenge.Field<NonNullGraphType<ConnectionType<PledgeType>>>("pledges")
            .Description("Members' pledges of minutes by category, oldest first; ACTIVE ones by default.")
            .Argument<PledgeStatusType>("status", "Pledges in this status only; ACTIVE by default, null for all.", a => a.DefaultValue = PledgeStatus.Active)
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var status = ctx.GetArgument<PledgeStatus?>("status");
                await using var db = await ctx.CreateDbContextAsync();
                var pledges = db.ChallengePledges.AsNoTracking().Where(p => p.ChallengeId == ctx.Source.Id);
                if (status is { } only)
                {
                    pledges = pledges.Where(p => p.Status == only);
                }
                return await pledges.ToConnectionAsync(Oldest, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
}
