using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Challenges;

/// <summary>What a page of challenges refers to, one query per kind per request however long the page.</summary>
public static class ChallengeLoaders
{
    public static IDataLoaderResult<IEnumerable<ChallengeNeed>> LoadNeeds(this IResolveFieldContext context, long challengeId) =>
        context.DataLoaders()
            .GetOrAddGroupLoader<long, ChallengeNeed>("challenge-needs", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                var needs = await db.ChallengeNeeds.AsNoTracking().Where(n => ids.Contains(n.ChallengeId)).OrderBy(n => n.CategoryId).ToListAsync(ct);
                return needs.ToLookup(n => n.ChallengeId);
            })
            .LoadAsync(challengeId);
}
