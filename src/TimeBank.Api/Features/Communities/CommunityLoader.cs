using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Communities;

/// <summary>Communities by id, one query per request however many members ask for theirs.</summary>
public static class CommunityLoader
{
    public static IDataLoaderResult<Community?> LoadCommunity(this IResolveFieldContext context, long communityId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Community>("communities", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Communities.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            })
            .LoadAsync(communityId);
}
