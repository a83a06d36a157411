using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Listings;

public static class ListingQueries
{
    private static readonly KeysetOrder<Listing> Newest = new KeysetOrder<Listing>().By(l => l.CreatedAt, descending: true).By(l => l.Id, descending: true);

    private static readonly KeysetOrder<Listing> ExpiringSoonest = new KeysetOrder<Listing>().By(l => l.ExpiresAt).By(l => l.Id);

    // bm25() is lower for better matches, so ascending rank is best first.
    private static readonly KeysetOrder<RankedListing> ByRank = new KeysetOrder<RankedListing>().By(r => r.Rank).By(r => r.Id);

    public static void AddListingQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<ListingType>>>("listings")
            .Description("The listings of a community. Visible to its active members, coordinators and auditors.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<ListingFilterType>("filter", "Narrows the list; by default open listings only.")
            .Argument<ListingSortType>("sort", "The order; RELEVANCE needs filter.text.", a => a.DefaultValue = ListingSort.Newest)
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                var filter = ctx.GetArgument<ListingFilter?>("filter") ?? new ListingFilter();
                var sort = ctx.GetArgument("sort", ListingSort.Newest);
                await using var db = await ctx.CreateDbContextAsync();
                var roles = await CommunityRoles.LoadAsync(db, communityId, ctx.Caller(), ctx.CancellationToken);
                if (!roles.MaySeeListings())
                {
                    throw new QueryError(ErrorCode.Forbidden, "Only members of this community see its listings.");
                }
                return await PageAsync(db, communityId, filter, sort, ctx.GetPageRequest(), ctx.CancellationToken);
            });
    }

    /// <summary>One page of the community's listings after the caller's right to see them was checked (the benchmark calls this too).</summary>
    public static async Task<Connection<Listing>> PageAsync(
        TimeBankDbContext db, long communityId, ListingFilter filter, ListingSort sort, PageRequest page, CancellationToken ct)
    {
        var listings = ListingFilter.Apply(db.Listings.AsNoTracking().Where(l => l.CommunityId == communityId), filter);
        var match = ListingText.ToMatchQuery(filter.Text);
        if (sort == ListingSort.Relevance && match is null)
        {
            throw new QueryError(ErrorCode.InvalidInput, "Sorting by RELEVANCE needs words in filter.text.");
        }
        if (match is null)
        {
            return await listings.ToConnectionAsync(sort == ListingSort.ExpiringSoonest ? ExpiringSoonest : Newest,
                page, ct, (q, token) => q.CountAsync(token));
        }

        if (sort != ListingSort.Relevance)
        {
            // The text only filters here: one statement, the search a subquery of the keyset page, no ranks
            // computed and no id list sent back and forth (a common word may be in most listings).
            var hits = db.Database.SqlQuery<long>($"SELECT rowid AS Value FROM ListingSearch WHERE ListingSearch MATCH {match}");
            return await listings.Where(l => hits.Contains(l.Id)).ToConnectionAsync(sort == ListingSort.ExpiringSoonest ? ExpiringSoonest : Newest,
                page, ct, (q, token) => q.CountAsync(token));
        }
        return await PageByRelevanceAsync(db, listings, match, page, ct);
    }

    /// <summary>
    /// Pages the filtered listings by bm25 rank in one statement: the search is a subquery joined with the
    /// filtered listings, and the keyset condition, order and LIMIT on (rank, id) run in SQLite, so only the
    /// page comes back; then the page's listings are loaded. bm25 is still computed for every hit (SQLite
    /// keeps only the best n + 1 while it sorts).
    /// </summary>
    private static async Task<Connection<Listing>> PageByRelevanceAsync(
        TimeBankDbContext db, IQueryable<Listing> listings, string match, PageRequest request, CancellationToken ct)
    {
        // Title words weigh most, then tags, then the description.
        var ranked = db.Database.SqlQuery<RankedListing>($"""
            SELECT rowid AS Id, bm25(ListingSearch, 10.0, 1.0, 5.0) AS Rank FROM ListingSearch WHERE ListingSearch MATCH {match}
            """);
        var passing = ranked.Join(listings, r => r.Id, l => l.Id, (r, _) => r);
        var page = await passing.ToConnectionAsync(ByRank, request, ct, (q, token) => q.CountAsync(token));
        var pageIds = page.Edges.Select(e => e.Node.Id).ToList();
        var loaded = await db.Listings.AsNoTracking().Where(l => pageIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        return new Connection<Listing>(page.Edges.Select(e => new Edge<Listing>(e.Cursor, loaded[e.Node.Id])).ToList(), page.PageInfo, page.TotalCount);
    }

    /// <summary>A listing's id and its bm25 rank for one search.</summary>
    public sealed record RankedListing(long Id, double Rank);
}
