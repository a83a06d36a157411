using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.GraphQL.Relay;

namespace TimeBank.Api.Tests.Features.Listings;

/// <summary>
/// The running expiry job, driven by the fake clock: advancing it fires the job's timer, which reminds
/// the owner once shortly before expiry and then expires the listing.
/// </summary>
public sealed class ListingExpiryTests : IAsyncLifetime
{
    private readonly ListingsFixture _bank = new();

    public Task InitializeAsync() => _bank.InitializeAsync();

    // Every 5-minute tick the clock crosses is a run of each background job, so the clock moves tick by tick, not by days.
    [Fact]
    public async Task RemindsTheOwnerOnceThenExpiresTheListing()
    {
        var now = _bank.App.Clock.GetUtcNow();
        var listing = await _bank.CreateAsync("maria", "Bike repair", expiresAt: now.AddMinutes(12).ToString("O"));

        await RunAtAsync(now.AddMinutes(5));
        await RunAtAsync(now.AddMinutes(10));
        var afterSecondRun = await OutboxTopicsAsync();
        await RunAtAsync(now.AddMinutes(15));

        Assert.Equal([ListingExpiry.ExpiringTopic], afterSecondRun);
        Assert.Equal("EXPIRED", await StatusAsync(listing));
        Assert.Equal([ListingExpiry.ExpiringTopic, ListingExpiry.ExpiredTopic], await OutboxTopicsAsync());
    }

    [Fact]
    public async Task RemindsOnlyWithinTheReminderWindow()
    {
        var now = _bank.App.Clock.GetUtcNow();
        await _bank.CreateAsync("maria", "Bike repair", expiresAt: (now + ListingExpiry.ReminderBefore).AddMinutes(7).ToString("O"));

        await RunAtAsync(now.AddMinutes(5));
        var outsideTheWindow = await OutboxTopicsAsync();
        await RunAtAsync(now.AddMinutes(10));

        Assert.Empty(outsideTheWindow);
        Assert.Equal([ListingExpiry.ExpiringTopic], await OutboxTopicsAsync());
    }

    [Fact]
    public async Task PausedListingsExpireButClosedOnesStayClosed()
    {
        var now = _bank.App.Clock.GetUtcNow();
        var paused = await _bank.CreateAsync("maria", "Paused one", expiresAt: now.AddMinutes(7).ToString("O"));
        var closed = await _bank.CreateAsync("tom", "Closed one", expiresAt: now.AddMinutes(7).ToString("O"));
        TestCommunity.Ok(await _bank.MutateAsync("pauseListing", _bank.Token("maria"), new { listingId = (string)paused["id"]! }), "pauseListing");
        TestCommunity.Ok(await _bank.MutateAsync("closeListing", _bank.Token("tom"), new { listingId = (string)closed["id"]! }), "closeListing");

        await RunAtAsync(now.AddMinutes(10));

        Assert.Equal("EXPIRED", await StatusAsync(paused));
        Assert.Equal("CLOSED", await StatusAsync(closed));
    }

    /// <summary>Moves the clock to <paramref name="at"/> and waits until the job, on its own task, has run at that time.</summary>
    private async Task RunAtAsync(DateTimeOffset at)
    {
        _bank.App.Clock.SetUtcNow(at);
        var expiry = _bank.App.Services.GetRequiredService<ListingExpiry>();
        await Wait.UntilAsync(() => expiry.LastRunAt >= at.UtcDateTime, $"the listing expiry run at {at:O}");
    }

    // Read from the database: days on the fake clock expire every access token the fixture holds.
    private async Task<string?> StatusAsync(JsonNode listing)
    {
        Assert.True(GlobalId.TryDecode<long>((string?)listing["id"], "Listing", out var id));
        await using var db = await _bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var status = await db.Listings.Where(l => l.Id == id).Select(l => l.Status).SingleAsync();
        return status.ToString().ToUpperInvariant();
    }

    private async Task<List<string>> OutboxTopicsAsync()
    {
        await using var db = await _bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        return await db.Outbox.Where(m => m.Topic.StartsWith("listing")).OrderBy(m => m.Id).Select(m => m.Topic).ToListAsync();
    }

    public Task DisposeAsync() => _bank.DisposeAsync();
}
