using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Features.Matching;

/// <summary>The <c>Match</c> type, seen only by the owners of its two listings.</summary>
public sealed class MatchType : ObjectGraphType<Match>
{
    public MatchType(IDbContextFactory<TimeBankDbContext> contexts)
    {
        Name = "Match";
        Description = "A request and an offer of one community that suit each other, with how well and why. Seen by the two owners only.";
        this.IsNode(m => m.Id, context =>
        {
            var userId = context.Caller().UserId;
            return async (ids, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                return await db.Matches.AsNoTracking()
                    .Where(m => ids.Contains(m.Id) && (m.OfferUserId == userId || m.RequestUserId == userId))
                    .ToDictionaryAsync(m => m.Id, ct);
            };
        });
        Field<NonNullGraphType<FloatGraphType>>("score").Description("How well they suit each other, 0 to 1 (see docs/listings.md for the weights).")
            .Resolve(ctx => ctx.Source.Score);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MatchReasonType>>>>("reasons").Description("Why they were matched, strongest first.")
            .Resolve(ctx => ReasonsOf(ctx.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("sharedTags").Description("Tags both listings carry.")
            .Resolve(ctx => ListingText.SplitTags(ctx.Source.SharedTags));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("commonWords")
            .Description("Words both listings use, counting forms of one word as one (garden, gardening).")
            .Resolve(ctx => ListingText.SplitTags(ctx.Source.CommonWords));
        Field<NonNullGraphType<ListingType>>("offer").Description("The offer.")
            .Resolve(ctx => ctx.LoadListing(ctx.Source.OfferListingId).Then(l => l!));
        Field<NonNullGraphType<ListingType>>("request").Description("The request.")
            .Resolve(ctx => ctx.LoadListing(ctx.Source.RequestListingId).Then(l => l!));
        Field<NonNullGraphType<CommunityType>>("community").Description("The community of both listings.")
            .Resolve(ctx => ctx.LoadCommunity(ctx.Source.CommunityId).Then(c => c!));
        Field<NonNullGraphType<BooleanGraphType>>("dismissed").Description("Whether you dismissed it (each owner dismisses for themselves).")
            .Resolve(ctx => IsDismissedBy(ctx.Source, ctx.Caller().UserId));
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Description("When the pair was first matched (UTC).").Resolve(ctx => ctx.Source.CreatedAt);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Description("When the pair was last scored (UTC).").Resolve(ctx => ctx.Source.UpdatedAt);
    }

    public static bool IsDismissedBy(Match match, long? userId) =>
        userId == match.OfferUserId ? match.OfferDismissedAt is not null : match.RequestDismissedAt is not null;

    private static List<MatchReason> ReasonsOf(Match match) =>
        match.Reasons.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<MatchReason>).ToList();
}

public sealed class MatchReasonType : EnumerationGraphType<MatchReason>
{
    public MatchReasonType()
    {
        Name = "MatchReason";
        Description = "Why two listings were matched.";
        Values.Single(v => Equals(v.Value, MatchReason.SameCategory)).Description = "Both are in the same category.";
        Values.Single(v => Equals(v.Value, MatchReason.SharedTags)).Description = "They share tags (see sharedTags).";
        Values.Single(v => Equals(v.Value, MatchReason.CommonWords)).Description = "They use the same words (see commonWords).";
        Values.Single(v => Equals(v.Value, MatchReason.SameNeighbourhood)).Description = "Both are in the same neighbourhood.";
        Values.Single(v => Equals(v.Value, MatchReason.Recent)).Description = "The other listing is recent.";
    }
}
