using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;

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
            db.Enqueue(ExpiredTopic, new ListingExpiryEvent(item.Listing.Id, item.Listing.Title, item.Listing.ExpiresAt), clock, [item.UserId]);
        }

        var expiring = await db.Listings
            .Where(l => l.Status == ListingStatus.Open && l.ExpiryReminderSentAt == null && l.ExpiresAt > now && l.ExpiresAt <= remindFrom)
            .Join(db.Members, l => l.OwnerMemberId, m => m.Id, (l, m) => new { Listing = l, m.UserId })
            .ToListAsync(ct);
        foreach (var item in expiring)
        {
            item.Listing.ExpiryReminderSentAt = now;
            db.Enqueue(ExpiringTopic, new ListingExpiryEvent(item.Listing.Id, item.Listing.Title, item.Listing.ExpiresAt), clock, [item.UserId]);
        }

        await db.SaveChangesAsync(ct);
        LastRunAt = now;
        return (expiring.Count, expired.Count);
    }
}

/// <summary>What the owner is told about a listing's expiry.</summary>
public sealed record ListingExpiryEvent(long ListingId, string Title, DateTime ExpiresAt);

/// <summary>Runs <see cref="ListingExpiry"/> every few minutes on the application's clock.</summary>
public sealed partial class ListingExpiryJob(ListingExpiry expiry, TimeProvider clock, ILogger<ListingExpiryJob> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>Runs until the host stops; a stop mid-run ends it quietly.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                try
                {
                    var (reminded, expired) = await expiry.RunOnceAsync(stoppingToken);
                    if (reminded + expired > 0)
                    {
                        LogRun(reminded, expired);
                    }
                }
                catch (DbUpdateException ex)
                {
                    LogFailed(ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping, perhaps because it never finished starting: a run cut short is not a failure.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listings: reminded {Reminded}, expired {Expired}")]
    private partial void LogRun(int reminded, int expired);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing expiry run failed; the next run tries again")]
    private partial void LogFailed(Exception exception);
}
