using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Challenges.Pledges;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Limits;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>
/// What members give a challenge, on the <c>Challenge</c> type: <c>pledges</c>, <c>contributions</c> and <c>progress</c>.
/// Whoever sees the challenge (<see cref="ChallengeAccess.MaySee"/>) sees them: everything about a challenge is the
/// community's to see.
/// </summary>
public static class ChallengeContributionFields
{
    private static readonly KeysetOrder<ChallengeContribution> Newest = new KeysetOrder<ChallengeContribution>().By(c => c.Id, descending: true);

    public static void AddContributionFields(this ObjectGraphType<Challenge> challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        challenge.AddPledgeFields();
        challenge.Field<NonNullGraphType<ConnectionType<ContributionType>>>("contributions")
            .Description("Work logged on the challenge, newest first; every status by default.")
            .Argument<ContributionStatusType>("status", "Contributions in this status only (LOGGED: those waiting for a decision).")
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var status = ctx.GetArgument<ContributionStatus?>("status");
                await using var db = await ctx.CreateDbContextAsync();
                var contributions = db.ChallengeContributions.AsNoTracking().Where(c => c.ChallengeId == ctx.Source.Id);
                if (status is { } only)
                {
                    contributions = contributions.Where(c => c.Status == only);
                }
                return await contributions.ToConnectionAsync(Newest, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
        challenge.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryProgressType>>>>("progress")
            .Description("Per category the challenge needs: minutes needed, pledged (active pledges) and delivered (verified contributions).")
            .Resolve(ctx => ctx.LoadProgress(ctx.Source.Id))
            .MaxItems(ListBounds.CategoriesPerCommunity);
    }
}
