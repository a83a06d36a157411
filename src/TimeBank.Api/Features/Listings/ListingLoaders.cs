using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;

namespace TimeBank.Api.Features.Listings;

/// <summary>What a page of listings refers to, one query per kind per request however long the page.</summary>
public static class ListingLoaders
{
    public static IDataLoaderResult<Member?> LoadMember(this IResolveFieldContext context, long memberId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Member>("members-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Members.AsNoTracking().Include(m => m.Skills).AsSplitQuery()
                    .Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
            })
            .LoadAsync(memberId);

    public static IDataLoaderResult<Category?> LoadCategory(this IResolveFieldContext context, long categoryId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Category>("categories-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Categories.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            })
            .LoadAsync(categoryId);

    public static IDataLoaderResult<Listing?> LoadListing(this IResolveFieldContext context, long listingId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, Listing>("listings-by-id", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Listings.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
            })
            .LoadAsync(listingId);
}
