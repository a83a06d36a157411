using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Matching;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Listings;

/// <summary>Who may change a listing, and the status moves every listing use case shares.</summary>
public static class ListingChange
{
    /// <summary>Listings are seen by the same people who see the community's members.</summary>
    public static bool MaySeeListings(this CommunityRoles roles) => roles.IsActiveMember || roles.IsCoordinator || roles.IsAuditor;

    /// <summary>
    /// Loads a listing, tracked, for a change by its owner (while active) or a coordinator of its
    /// community on the owner's behalf. Outsiders are told it does not exist.
    /// </summary>
    public static async Task<Outcome<Listing>> LoadAsync(long listingId, Caller caller, string verb, TimeBankDbContext db, CancellationToken ct)
    {
        if (caller.RefuseAnonymous($"Log in to {verb} a listing.") is { } anonymous)
        {
            return anonymous;
        }
        var listing = await db.Listings.SingleOrDefaultAsync(l => l.Id == listingId, ct);
        if (listing is null)
        {
            return new Failure(ErrorCode.NotFound, "No such listing.", "listingId");
        }
        var roles = await CommunityRoles.LoadAsync(db, listing.CommunityId, caller, ct);
        var isOwner = roles.MayActAsMember && roles.Membership!.Id == listing.OwnerMemberId;
        if (!isOwner && !roles.IsCoordinator)
        {
            return roles.Refuse("No such listing.", "listingId", $"Only the owner or a coordinator may {verb} this listing.");
        }
        return listing;
    }

    /// <summary>Moves a listing to <paramref name="to"/>; a retry of a move already made succeeds and changes nothing.</summary>
    public static async Task<Outcome<Listing>> MoveAsync(
        long listingId, IReadOnlySet<ListingStatus> from, ListingStatus to, string verb, Caller caller, TimeBankDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var loaded = await LoadAsync(listingId, caller, verb, db, ct);
        if (loaded.Value is not { } listing)
        {
            return loaded;
        }
        if (listing.Status == to)
        {
            return listing;
        }
        if (!from.Contains(listing.Status))
        {
            return new Failure(ErrorCode.WrongStatus, $"Cannot {verb} a listing that is {listing.Status.ToString().ToUpperInvariant()}.");
        }
        var was = listing.Status;
        listing.Status = to;
        Touch(listing, caller, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Moved only from the status read: a pause racing a close must not bring the closed listing back.
        var moved = await db.Listings.Where(l => l.Id == listing.Id && l.Status == was).ExecuteUpdateAsync(set => set
            .SetProperty(l => l.Status, to)
            .SetProperty(l => l.UpdatedAt, listing.UpdatedAt)
            .SetProperty(l => l.UpdatedByUserId, listing.UpdatedByUserId), ct);
        if (moved == 0)
        {
            // Another change came first: this move is judged against it (a retry of the same move, or WRONG_STATUS).
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await MoveAsync(listingId, from, to, verb, caller, db, clock, ct);
        }
        // Written above; the tracked listing keeps the values, as saved.
        db.ChangeTracker.AcceptAllChanges();
        if (to == ListingStatus.Open)
        {
            // A reopened listing may meet counterparts listed while it was paused.
            await ListingMatcher.MatchAsync(db, listing, clock, ct);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return listing;
    }

    /// <summary>Records when and by whom (owner or coordinator) the listing last changed.</summary>
    public static void Touch(Listing listing, Caller caller, TimeProvider clock)
    {
        listing.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        listing.UpdatedByUserId = caller.UserId!.Value;
    }

    public static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
}
