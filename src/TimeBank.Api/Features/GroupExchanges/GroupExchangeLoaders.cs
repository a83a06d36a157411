using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.GroupExchanges;

/// <summary>What a page of group exchanges or exchanges refers to, one query per kind per request however long the page.</summary>
public static class GroupExchangeLoaders
{
    /// <summary>A group's shares, oldest first.</summary>
    public static IDataLoaderResult<IEnumerable<Exchange>> LoadShares(this IResolveFieldContext context, long groupExchangeId) =>
        context.DataLoaders()
            .GetOrAddGroupLoader<long, Exchange>("group-exchange-shares", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                var shares = await db.Exchanges.AsNoTracking()
                    .Where(e => e.GroupExchangeId != null && ids.Contains(e.GroupExchangeId.Value)).OrderBy(e => e.Id).ToListAsync(ct);
                return shares.ToLookup(e => e.GroupExchangeId!.Value);
            })
            .LoadAsync(groupExchangeId);

    /// <summary>A group exchange by id, for a share that names it (whoever sees the share sees its group).</summary>
    public static IDataLoaderResult<GroupExchange?> LoadGroupExchange(this IResolveFieldContext context, long groupExchangeId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, GroupExchange>("group-exchanges-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.GroupExchanges.AsNoTracking().Where(g => ids.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
            })
            .LoadAsync(groupExchangeId);
}
