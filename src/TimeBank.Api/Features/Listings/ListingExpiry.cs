using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Hosting;

namespace TimeBank.Api.Features.Listings;

/// <summary>
/// Expires listings whose time is up and, a while before that, reminds their owners. Each run is one
/// transaction per step with the outbox events in it, so an owner is told once, and only of what
/// really changed. The clock is the application's <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed class ListingExpiry(IDbContextFactory<TimeBankDbContext> contexts, TimeProvider clock)
{
    public const string ExpiringTopic = "listingExpiring";
    public const string ExpiredTopic = "listingExpired";

    /// <summary>How long before expiry the owner is reminded.</summary>
    public static readonly TimeSpan ReminderBefore = TimeSpan.FromDays(3);

    /// <summary>The clock's time at the end of the last run (what a health view or a test can watch).</summary>
    public DateTime LastRunAt { get; private set; }

    public async Task<(int Reminded, int Expired)> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var remindFrom = now + ReminderBefore;
        await using var db = await contexts.CreateDbContextAsync(ct);

        var expired = await db.Listings
            .Where(l => (l.Status == ListingStatus.Open || l.Status == ListingStatus.Paused) && l.ExpiresAt <= now)
            .Join(db.Members, l => l.OwnerMemberId, m => m.Id, (l, m) => new { Listing = l, m.UserId })
            .ToListAsync(ct);
        foreach (var item in expired)
        {
            item.Listing.Status = ListingStatus.Expired;
            item.Listing.UpdatedAt = now;
            OutboxWriter.For(db, clock).Add(ListingExpiryEvents.Expired, new ListingExpiryEvent(item.Listing.Id, item.Listing.Title, item.Listing.ExpiresAt), [item.UserId]);
        }

        var expiring = await db.Listings
            .Where(l => l.Status == ListingStatus.Open && l.ExpiryReminderSentAt == null && l.ExpiresAt > now && l.ExpiresAt <= remindFrom)
            .Join(db.Members, l => l.OwnerMemberId, m => m.Id, (l, m) => new { Listing = l, m.UserId })
            .ToListAsync(ct);
        foreach (var item in expiring)
        {
            item.Listing.ExpiryReminderSentAt = now;
            OutboxWriter.For(db, clock).Add(ListingExpiryEvents.Expiring, new ListingExpiryEvent(item.Listing.Id, item.Listing.Title, item.Listing.ExpiresAt), [item.UserId]);
        }

        await db.SaveChangesAsync(ct);
        LastRunAt = now;
        return (expiring.Count, expired.Count);
    }
}

/// <summary>What the owner is told about a listing's expiry.</summary>
public sealed record ListingExpiryEvent(long ListingId, string Title, DateTime ExpiresAt);

/// <summary>Runs <see cref="ListingExpiry"/> every few minutes on the application's clock.</summary>
public sealed partial class ListingExpiryJob(ListingExpiry expiry, TimeProvider clock, ILogger<ListingExpiryJob> logger)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override string Name => "Listing expiry";

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var (reminded, expired) = await expiry.RunOnceAsync(stoppingToken);
        if (reminded + expired > 0)
        {
            LogRun(reminded, expired);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listings: reminded {Reminded}, expired {Expired}")]
    private partial void LogRun(int reminded, int expired);
}
