using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Connections;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Matching;

public static class MatchQueries
{
    private static readonly KeysetOrder<Match> Newest = new KeysetOrder<Match>().By(m => m.CreatedAt, descending: true).By(m => m.Id, descending: true);

    public static void AddMatchingQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<MatchType>>>("myMatches")
            .Description("Your matches whose two listings are still open, newest first; those you dismissed are left out unless asked for.")
            .Argument<IdGraphType>("communityId", "Only in this community.", a => a.IdOf<long>("Community"))
            .Argument<BooleanGraphType>("includeDismissed", "Also the matches you dismissed.", a => a.DefaultValue = false)
            .PageArguments()
            .ResolveAsync(async ctx =>
            {
                var userId = ctx.SignedInUserId("Log in to see your matches.");
                long? communityId = ctx.GetArgument<object?>("communityId") is null ? null : ctx.GetId<long>("communityId", "Community");
                var includeDismissed = ctx.GetArgument("includeDismissed", false);
                await using var db = await ctx.CreateDbContextAsync();
                var open = db.Listings.Where(l => l.Status == ListingStatus.Open);
                var matches = db.Matches.AsNoTracking()
                    .Where(m => (m.OfferUserId == userId && (includeDismissed || m.OfferDismissedAt == null))
                        || (m.RequestUserId == userId && (includeDismissed || m.RequestDismissedAt == null)))
                    .Where(m => open.Any(l => l.Id == m.OfferListingId) && open.Any(l => l.Id == m.RequestListingId));
                if (communityId is { } id)
                {
                    matches = matches.Where(m => m.CommunityId == id);
                }
                return await matches.ToConnectionAsync(Newest, ctx.GetPageRequest(), ctx.CancellationToken, (q, ct) => q.CountAsync(ct));
            });
        query.AddCommunityNeeds();
    }
}
