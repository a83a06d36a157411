using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Limits;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Matching;

/// <summary>What a community asks for against what it offers, for its coordinators and auditors.</summary>
public sealed record CommunityNeeds(IReadOnlyList<CategoryNeed> Categories, IReadOnlyList<Listing> UnansweredRequests, IReadOnlyList<Listing> UnwantedOffers);

/// <summary>Open requests and offers of one category.</summary>
public sealed record CategoryNeed(long CategoryId, int OpenRequests, int OpenOffers);

/// <summary>
/// <c>communityNeeds</c>: per category, open requests against open offers (the biggest shortfall first);
/// open requests older than N days that no open offer answers (no live match); open offers that no open
/// request asks for (no live match). The category counts show supply against demand; the two lists show
/// the listings matching could not pair, whatever their category holds. Three SQL statements,
/// each on the <c>(CommunityId, …, Status)</c> indexes of listings; the two lists hold at most <see cref="MaxListed"/>.
/// </summary>
public static class CommunityNeedsQuery
{
    public const int MaxListed = 100;

    public static void AddCommunityNeeds(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<CommunityNeedsType>>("communityNeeds")
            .Description($"Needs nobody meets and offers nobody asks for. Coordinators and auditors of the community; others get FORBIDDEN (or NOT_FOUND outside it). Lists hold the oldest {MaxListed}.")
            .Argument<NonNullGraphType<IdGraphType>>("communityId", "The community.", a => a.IdOf<long>("Community"))
            .Argument<NonNullGraphType<IntGraphType>>("unansweredForDays", "How long a request has waited to count as unanswered, 0 to 365.", a => a.DefaultValue = 14)
            .ResolveAsync(async ctx =>
            {
                var communityId = ctx.GetId<long>("communityId", "Community");
                var days = ctx.GetArgument("unansweredForDays", 14);
                if (days is < 0 or > 365)
                {
                    throw new QueryError(ErrorCode.InvalidInput, "unansweredForDays must be between 0 and 365.");
                }
                _ = ctx.SignedInUserId("Log in to see the community's needs.");
                await using var db = await ctx.CreateDbContextAsync();
                var roles = await CommunityRoles.LoadAsync(db, communityId, ctx.Caller(), ctx.CancellationToken);
                if (!roles.IsCoordinator && !roles.IsAuditor)
                {
                    var refused = roles.Refuse("No such community.", "communityId", "Only coordinators and auditors see the community's needs.");
                    throw new QueryError(refused);
                }
                if (!await db.Communities.AnyAsync(c => c.Id == communityId, ctx.CancellationToken))
                {
                    throw new QueryError(ErrorCode.NotFound, "No such community.");
                }

                var open = db.Listings.AsNoTracking().Where(l => l.CommunityId == communityId && l.Status == ListingStatus.Open);
                var counts = await open.GroupBy(l => new { l.CategoryId, l.Kind })
                    .Select(g => new { g.Key.CategoryId, g.Key.Kind, Count = g.Count() }).ToListAsync(ctx.CancellationToken);
                var categories = counts.GroupBy(c => c.CategoryId)
                    .Select(g => new CategoryNeed(g.Key,
                        g.Where(c => c.Kind == ListingKind.Request).Sum(c => c.Count),
                        g.Where(c => c.Kind == ListingKind.Offer).Sum(c => c.Count)))
                    .OrderByDescending(c => c.OpenRequests - c.OpenOffers).ThenByDescending(c => c.OpenRequests).ThenBy(c => c.CategoryId)
                    .ToList();

                var cutoff = ctx.Service<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(-days);
                var openOffers = open.Where(l => l.Kind == ListingKind.Offer);
                var openRequests = open.Where(l => l.Kind == ListingKind.Request);
                // A live match: the counterpart is still open and this side has not dismissed it.
                var unanswered = await db.UnansweredRequests(communityId, cutoff)
                    .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(MaxListed).ToListAsync(ctx.CancellationToken);
                var unwanted = await openOffers
                    .Where(o => !db.Matches.Any(m => m.OfferListingId == o.Id && m.OfferDismissedAt == null && openRequests.Any(r => r.Id == m.RequestListingId)))
                    .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Take(MaxListed).ToListAsync(ctx.CancellationToken);
                return new CommunityNeeds(categories, unanswered, unwanted);
            });
}

public static class UnansweredRequestsQuery
{
    /// <summary>
    /// The community's open requests created at or before <paramref name="cutoff"/> that no live match answers: no open
    /// offer is matched to them, or only ones they dismissed. <c>communityNeeds</c> lists them and
    /// <c>createChallengeFromNeeds</c> turns them into a challenge's needs, so both mean the same by "unanswered".
    /// </summary>
    public static IQueryable<Listing> UnansweredRequests(this TimeBankDbContext db, long communityId, DateTime cutoff)
    {
        ArgumentNullException.ThrowIfNull(db);
        var open = db.Listings.AsNoTracking().Where(l => l.CommunityId == communityId && l.Status == ListingStatus.Open);
        var openOffers = open.Where(l => l.Kind == ListingKind.Offer);
        return open.Where(r => r.Kind == ListingKind.Request && r.CreatedAt <= cutoff
            && !db.Matches.Any(m => m.RequestListingId == r.Id && m.RequestDismissedAt == null && openOffers.Any(o => o.Id == m.OfferListingId)));
    }
}

public sealed class CommunityNeedsType : ObjectGraphType<CommunityNeeds>
{
    public CommunityNeedsType()
    {
        Name = "CommunityNeeds";
        Description = "What a community asks for against what it offers.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryNeedType>>>>("categories")
            .Description("Categories with open listings, the biggest shortfall of offers against requests first.").Resolve(ctx => ctx.Source.Categories)
            .MaxItems(ListBounds.CategoriesPerCommunity);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListingType>>>>("unansweredRequests")
            .Description("Open requests waiting at least unansweredForDays that no open offer matches (or only ones they dismissed), oldest first.")
            .Resolve(ctx => ctx.Source.UnansweredRequests)
            .MaxItems(CommunityNeedsQuery.MaxListed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListingType>>>>("unwantedOffers")
            .Description("Open offers that no open request matches (or only ones they dismissed), oldest first.").Resolve(ctx => ctx.Source.UnwantedOffers)
            .MaxItems(CommunityNeedsQuery.MaxListed);
    }
}

public sealed class CategoryNeedType : ObjectGraphType<CategoryNeed>
{
    public CategoryNeedType()
    {
        Name = "CategoryNeed";
        Description = "Open requests against open offers in one category.";
        Field<NonNullGraphType<CategoryType>>("category").Description("The category.")
            .Resolve(ctx => ctx.LoadCategory(ctx.Source.CategoryId).Then(c => c!));
        Field(c => c.OpenRequests).Description("Open requests in this category.");
        Field(c => c.OpenOffers).Description("Open offers in this category.");
        Field<NonNullGraphType<IntGraphType>>("shortfall").Description("Open requests minus open offers; negative when offers outnumber requests.")
            .Resolve(ctx => ctx.Source.OpenRequests - ctx.Source.OpenOffers);
    }
}
