using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Communities;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Limits;

namespace TimeBank.Api.Features.Challenges;

/// <summary>A challenge was approved that needs a category its audience offers.</summary>
public sealed record ChallengeNeedsYouEvent(long ChallengeId);

/// <summary>
/// <c>challengeNeedsYou</c>, told the way <c>matchFound</c> is: when a challenge is approved, every active member of
/// its community with an open OFFER listing in a category it needs is told, once per challenge
/// (<see cref="Challenge.NeedsYouSentAt"/> is set in the approval's transaction, so a repeated approval tells nobody again).
/// </summary>
public static class ChallengeNeedsYou
{
    public static readonly EventTopic<ChallengeNeedsYouEvent> Topic = new("challengeNeedsYou");

    /// <summary>The users to tell about <paramref name="challenge"/>: active members offering, in an open listing, a category it needs.</summary>
    public static async Task<List<long>> AudienceAsync(TimeBankDbContext db, Challenge challenge, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(challenge);
        var needed = db.ChallengeNeeds.Where(n => n.ChallengeId == challenge.Id).Select(n => n.CategoryId);
        return await (
                from listing in db.Listings
                where listing.CommunityId == challenge.CommunityId && listing.Kind == ListingKind.Offer && listing.Status == ListingStatus.Open
                    && needed.Contains(listing.CategoryId)
                join member in db.Members on listing.OwnerMemberId equals member.Id
                where member.Status == MemberStatus.Active
                select member.UserId)
            .Distinct().ToListAsync(ct);
    }

    /// <summary>Tells <paramref name="audience"/> once: only when the challenge has not told anyone yet; marks it told.</summary>
    public static void TellOnce(OutboxWriter outbox, Challenge challenge, IReadOnlyList<long> audience, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(audience);
        if (challenge.NeedsYouSentAt is not null)
        {
            return;
        }
        challenge.NeedsYouSentAt = now;
        // An empty audience would reach everyone (an event without one is for all subscribers), so nobody is told instead.
        if (audience.Count > 0)
        {
            outbox.Add(Topic, new ChallengeNeedsYouEvent(challenge.Id), audience);
        }
    }

    public static void AddChallengeNeedsYou(this ObjectGraphType subscription) =>
        subscription.Field<NonNullGraphType<ChallengeNeedsYouType>, object>("challengeNeedsYou")
            .Description("A challenge of your community was approved that needs a category you offer in an open listing; once per challenge. Needs a token in connection_init.")
            .ResolveStream(ctx => ctx.CallerEvents(Topic))
            .ResolveAsync(async ctx =>
            {
                var challengeId = ctx.Event<ChallengeNeedsYouEvent>().ChallengeId;
                var challenge = await ChallengeType.VisibleTo(ctx.Service<IDbContextFactory<TimeBankDbContext>>(), ctx.Caller())([challengeId], ctx.CancellationToken);
                return challenge.TryGetValue(challengeId, out var visible)
                    ? visible
                    : throw new QueryError(ErrorCode.Forbidden, "You no longer see this challenge.");
            });
}

/// <summary>What <c>challengeNeedsYou</c> tells: the challenge, and which of its needed categories the caller offers.</summary>
public sealed class ChallengeNeedsYouType : ObjectGraphType<Challenge>
{
    public ChallengeNeedsYouType()
    {
        Name = "ChallengeNeedsYou";
        Description = "An approved challenge that needs what you offer.";
        Field<NonNullGraphType<ChallengeType>>("challenge").Description("The challenge, as it now is.").Resolve(ctx => ctx.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryType>>>>("categories")
            .Description("The categories it needs that you offer in an open listing.")
            .ResolveAsync(async ctx =>
            {
                var userId = ctx.Caller().UserId;
                await using var db = await ctx.CreateDbContextAsync();
                var needed = db.ChallengeNeeds.Where(n => n.ChallengeId == ctx.Source.Id).Select(n => n.CategoryId);
                var mine = db.Members.Where(m => m.CommunityId == ctx.Source.CommunityId && m.UserId == userId).Select(m => m.Id);
                var offered = db.Listings.Where(l => l.Kind == ListingKind.Offer && l.Status == ListingStatus.Open && mine.Contains(l.OwnerMemberId))
                    .Select(l => l.CategoryId);
                return await db.Categories.AsNoTracking().Where(c => needed.Contains(c.Id) && offered.Contains(c.Id)).OrderBy(c => c.Id)
                    .ToListAsync(ctx.CancellationToken);
            })
            .MaxItems(ChallengeRules.MaxNeeds);
    }
}
