using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Events;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Matching;

/// <summary><c>matchFound</c>: each new or re-scored match, pushed to the owners of its two listings only.</summary>
public static class MatchFoundSubscription
{
    public static readonly EventTopic<MatchFoundEvent> Topic = new(ListingMatcher.Topic);

    public static ObjectGraphType AddMatchingSubscriptions(this ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<MatchType>, object>("matchFound")
            .Description("A match of one of your listings, when it is found or scored anew; never one you dismissed. Needs a token in connection_init.")
            .ResolveStream(ctx => ctx.CallerEvents(Topic))
            .ResolveAsync(async ctx =>
            {
                // The event names the match; what the client sees is the committed row as it is now.
                var pair = ctx.Event<MatchFoundEvent>();
                await using var db = await ctx.CreateDbContextAsync();
                return await db.Matches.AsNoTracking()
                    .SingleAsync(m => m.OfferListingId == pair.OfferListingId && m.RequestListingId == pair.RequestListingId, ctx.CancellationToken);
            });
        return subscription;
    }
}
