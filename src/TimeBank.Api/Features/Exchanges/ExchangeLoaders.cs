using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>What a page of exchanges refers to, one query per kind per request however long the page.</summary>
public static class ExchangeLoaders
{
    public static IDataLoaderResult<IEnumerable<ExchangeTransition>> LoadTimeline(this IResolveFieldContext context, long exchangeId) =>
        context.DataLoaders()
            .GetOrAddGroupLoader<long, ExchangeTransition>("exchange-timelines", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                var steps = await db.ExchangeTransitions.AsNoTracking().Where(t => ids.Contains(t.ExchangeId)).OrderBy(t => t.Id).ToListAsync(ct);
                return steps.ToLookup(t => t.ExchangeId);
            })
            .LoadAsync(exchangeId);
}
