using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>One category of a challenge's progress: what it needs, what members pledged and what verified work delivered.</summary>
public sealed record CategoryProgress(long ChallengeId, long CategoryId, int NeededMinutes, long PledgedMinutes, long DeliveredMinutes);

/// <summary>
/// <c>Challenge.progress</c>, for every challenge of a response in one SQL statement: the needs, each with the sums of its
/// active pledges and verified contributions as correlated subqueries on their (challenge, status, category) indexes.
/// No pledge or contribution row is loaded.
/// </summary>
public static class ChallengeProgress
{
    public static IDataLoaderResult<IEnumerable<CategoryProgress>> LoadProgress(this IResolveFieldContext context, long challengeId) =>
        context.DataLoaders()
            .GetOrAddGroupLoader<long, CategoryProgress>("challenge-progress", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                var rows = await db.ChallengeNeeds.AsNoTracking()
                    .Where(n => ids.Contains(n.ChallengeId))
                    .OrderBy(n => n.ChallengeId).ThenBy(n => n.CategoryId)
                    .Select(n => new CategoryProgress(n.ChallengeId, n.CategoryId, n.Minutes,
                        db.ChallengePledges.Where(p => p.ChallengeId == n.ChallengeId && p.CategoryId == n.CategoryId && p.Status == PledgeStatus.Active)
                            .Sum(p => (long)p.Minutes),
                        db.ChallengeContributions.Where(c => c.ChallengeId == n.ChallengeId && c.CategoryId == n.CategoryId && c.Status == ContributionStatus.Verified)
                            .Sum(c => (long)c.Minutes)))
                    .ToListAsync(ct);
                return rows.ToLookup(r => r.ChallengeId);
            })
            .LoadAsync(challengeId);
}

public sealed class CategoryProgressType : ObjectGraphType<CategoryProgress>
{
    public CategoryProgressType()
    {
        Name = "CategoryProgress";
        Description = "How far a challenge is in one category it needs: minutes needed, pledged and delivered.";
        Field<NonNullGraphType<CategoryType>>("category").Description("The category.")
            .Resolve(ctx => ctx.LoadCategory(ctx.Source.CategoryId).Then(c => c!));
        Field<NonNullGraphType<IntGraphType>>("neededMinutes").Description("The minutes the challenge needs in this category.")
            .Resolve(ctx => ctx.Source.NeededMinutes);
        Field<NonNullGraphType<LongGraphType>>("pledgedMinutes").Description("The minutes members' active pledges promise in this category.")
            .Resolve(ctx => ctx.Source.PledgedMinutes);
        Field<NonNullGraphType<LongGraphType>>("deliveredMinutes").Description("The minutes of verified contributions (paid from the pool) in this category.")
            .Resolve(ctx => ctx.Source.DeliveredMinutes);
        Field<NonNullGraphType<FloatGraphType>>("deliveredShare")
            .Description("Delivered minutes as a share of the needed ones (1.0 when met; more when exceeded; 0 when nothing is needed).")
            .Resolve(ctx => ctx.Source.NeededMinutes == 0 ? 0.0 : (double)ctx.Source.DeliveredMinutes / ctx.Source.NeededMinutes);
    }
}
