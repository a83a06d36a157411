using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Listings;

namespace TimeBank.Api.Features.Matching;

/// <summary>
/// Finds the counterparts of an open listing and stores the pairs that score well enough, in the same
/// transaction as the listing's change: a match and its <c>matchFound</c> event commit together with the
/// listing or not at all, and no change goes unmatched because a follow-up step was lost.
/// </summary>
/// <remarks>
/// Candidates never come from a scan of the community: at most <see cref="CategoryCandidates"/> newest open
/// counterparts of the same category (an index range) and at most <see cref="TextCandidates"/> best
/// full-text hits for the listing's own words (title and tag words first). They are scored in memory by
/// <see cref="MatchScorer"/>; the best <see cref="MaxMatchesPerChange"/> are stored.
/// </remarks>
public static class ListingMatcher
{
    public const string Topic = "matchFound";

    public const int CategoryCandidates = 50;

    public const int TextCandidates = 50;

    /// <summary>Words searched for per listing.</summary>
    public const int MaxSearchWords = 8;


    public const int MaxMatchesPerChange = 10;

    /// <summary>Saves the listing's change and, if it is open, matches it; all in one transaction.</summary>
    public static async Task SaveAndMatchAsync(TimeBankDbContext db, Listing listing, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await MatchAsync(db, listing, clock, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Scores the saved <paramref name="listing"/> against its candidates and adds or updates their matches,
    /// with an event to each owner who has not dismissed the pair. The caller saves (one statement batch).
    /// </summary>
    public static async Task<IReadOnlyList<Match>> MatchAsync(TimeBankDbContext db, Listing listing, TimeProvider clock, CancellationToken ct)
    {
        var owner = await db.Members.AsNoTracking().Where(m => m.Id == listing.OwnerMemberId)
            .Select(m => new { m.UserId, m.Status }).SingleAsync(ct);
        if (listing.Status != ListingStatus.Open || owner.Status != MemberStatus.Active)
        {
            return [];
        }
        var other = listing.Kind == ListingKind.Offer ? ListingKind.Request : ListingKind.Offer;
        var ids = await db.Listings.AsNoTracking()
            .Where(l => l.CommunityId == listing.CommunityId && l.CategoryId == listing.CategoryId && l.Kind == other
                && l.Status == ListingStatus.Open && l.OwnerMemberId != listing.OwnerMemberId)
            .OrderByDescending(l => l.CreatedAt).Select(l => l.Id).Take(CategoryCandidates).ToListAsync(ct);
        var words = SearchWords(listing);
        if (words.Count > 0)
        {
            ids.AddRange(await SearchAsync(db, listing, other, string.Join(" OR ", words.Select(w => "\"" + w + "\"")), ct));
        }
        ids = ids.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var candidates = await db.Listings.AsNoTracking()
            .Where(l => ids.Contains(l.Id))
            .Join(db.Members, l => l.OwnerMemberId, m => m.Id, (l, m) => new { Listing = l, m.UserId, m.Status })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var profile = MatchProfile.From(listing, ownerActive: true);
        var scored = candidates
            .Select(c => (c.Listing, c.UserId, Score: MatchScorer.Score(profile, MatchProfile.From(c.Listing, c.Status == MemberStatus.Active), now)))
            .Where(c => c.Score is { Score: >= MatchScorer.Threshold })
            .OrderByDescending(c => c.Score!.Score).ThenBy(c => c.Listing.Id)
            .Take(MaxMatchesPerChange)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var counterpartIds = scored.Select(c => c.Listing.Id).ToList();
        var existing = listing.Kind == ListingKind.Offer
            ? await db.Matches.Where(m => m.OfferListingId == listing.Id && counterpartIds.Contains(m.RequestListingId)).ToDictionaryAsync(m => m.RequestListingId, ct)
            : await db.Matches.Where(m => m.RequestListingId == listing.Id && counterpartIds.Contains(m.OfferListingId)).ToDictionaryAsync(m => m.OfferListingId, ct);
        var changed = new List<Match>();
        foreach (var (counterpart, counterpartUserId, score) in scored)
        {
            var (offer, offerUserId, request, requestUserId) = listing.Kind == ListingKind.Offer
                ? (listing, owner.UserId, counterpart, counterpartUserId)
                : (counterpart, counterpartUserId, listing, owner.UserId);
            if (!existing.TryGetValue(counterpart.Id, out var match))
            {
                match = db.Matches.Add(new Match
                {
                    CommunityId = listing.CommunityId,
                    OfferListingId = offer.Id,
                    RequestListingId = request.Id,
                    OfferUserId = offerUserId,
                    RequestUserId = requestUserId,
                    CreatedAt = now,
                }).Entity;
            }
            else if (match.Score == score!.Score && match.Reasons == string.Join(',', score.Reasons))
            {
                // Nothing new to tell: an unchanged pair is not pushed again.
                match.UpdatedAt = now;
                continue;
            }
            match.Score = score!.Score;
            match.Reasons = string.Join(',', score.Reasons);
            match.SharedTags = ListingText.JoinTags(score.SharedTags);
            match.CommonWords = ListingText.JoinTags(score.CommonWords.Take(20));
            match.UpdatedAt = now;
            changed.Add(match);
        }

        // The events name the pair, not the row id, so matches and events go out in the caller's one save.
        foreach (var match in changed)
        {
            var audience = new List<long>(2);
            if (match.OfferDismissedAt is null)
            {
                audience.Add(match.OfferUserId);
            }
            if (match.RequestDismissedAt is null)
            {
                audience.Add(match.RequestUserId);
            }
            if (audience.Count > 0)
            {
                OutboxWriter.For(db, clock).Add(MatchFoundSubscription.Topic, new MatchFoundEvent(match.OfferListingId, match.RequestListingId), audience);
            }
        }
        return changed;
    }

    /// <summary>
    /// The listing's words to search for, title and tag words first, as exact FTS5 terms where any may match
    /// ("ladder" OR "paint"). Only letters and digits reach FTS5, so nothing in a title is read as query
    /// syntax; exact terms, unlike prefix terms, let FTS5 read each word's index lazily.
    /// </summary>
    public static List<string> SearchWords(Listing listing) =>
        MatchScorer.Words(listing.Title + " " + listing.Tags.Replace('|', ' '))
            .Concat(MatchScorer.Words(listing.Description))
            .Distinct().Take(MaxSearchWords).ToList();

    private static async Task<List<long>> SearchAsync(TimeBankDbContext db, Listing listing, ListingKind other, string search, CancellationToken ct)
    {
        // Kinds and statuses are stored as their names (see TimeBankDbContext.ConfigureConventions).
        var kind = other.ToString();
        var open = nameof(ListingStatus.Open);
        // Newest first, not best bm25 first: FTS5 then walks the words' index backwards and stops at the
        // LIMIT, so the cost does not grow with how many listings use a common word. MatchScorer ranks.
        return await db.Database.SqlQuery<long>($"""
            SELECT ListingSearch.rowid AS Value
            FROM ListingSearch JOIN Listings ON Listings.Id = ListingSearch.rowid
            WHERE ListingSearch MATCH {search} AND Listings.CommunityId = {listing.CommunityId} AND Listings.Kind = {kind}
              AND Listings.Status = {open} AND Listings.OwnerMemberId <> {listing.OwnerMemberId}
            ORDER BY ListingSearch.rowid DESC
            LIMIT {TextCandidates}
            """).ToListAsync(ct);
    }
}

/// <summary>What <c>matchFound</c> carries: the pair (unique), whose match the subscription loads fresh.</summary>
public sealed record MatchFoundEvent(long OfferListingId, long RequestListingId);
