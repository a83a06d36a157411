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

    [Fact]
    public async Task RemindsTheOwnerOnceThenExpiresTheListing()
    {
        var now = _bank.App.Clock.GetUtcNow();
        var listing = await _bank.CreateAsync("maria", "Bike repair", expiresAt: now.AddDays(10).ToString("O"));

        _bank.App.Clock.Advance(TimeSpan.FromDays(1));
        await Eventually(async () => (await LastRunAsync()) >= now.AddDays(1).UtcDateTime);
        var beforeReminder = await OutboxTopicsAsync();
        _bank.App.Clock.Advance(TimeSpan.FromDays(7));
        await Eventually(async () => (await OutboxTopicsAsync()).Count == 1);
        _bank.App.Clock.Advance(TimeSpan.FromHours(1));
        await Eventually(async () => (await LastRunAsync()) >= now.AddDays(8).AddHours(1).UtcDateTime);
        var afterSecondRun = await OutboxTopicsAsync();
        _bank.App.Clock.Advance(TimeSpan.FromDays(2));
        await Eventually(async () => await StatusAsync(listing) == "EXPIRED");

        Assert.Empty(beforeReminder);
        Assert.Equal([ListingExpiry.ExpiringTopic], afterSecondRun);
        Assert.Equal([ListingExpiry.ExpiringTopic, ListingExpiry.ExpiredTopic], await OutboxTopicsAsync());
    }

    [Fact]
    public async Task PausedListingsExpireButClosedOnesStayClosed()
    {
        var now = _bank.App.Clock.GetUtcNow();
        var paused = await _bank.CreateAsync("maria", "Paused one", expiresAt: now.AddDays(1).ToString("O"));
        var closed = await _bank.CreateAsync("tom", "Closed one", expiresAt: now.AddDays(1).ToString("O"));
        TestCommunity.Ok(await _bank.MutateAsync("pauseListing", _bank.Token("maria"), new { listingId = (string)paused["id"]! }), "pauseListing");
        TestCommunity.Ok(await _bank.MutateAsync("closeListing", _bank.Token("tom"), new { listingId = (string)closed["id"]! }), "closeListing");

        _bank.App.Clock.Advance(TimeSpan.FromDays(2));
        await Eventually(async () => await StatusAsync(paused) == "EXPIRED");

        Assert.Equal("CLOSED", await StatusAsync(closed));
    }

    /// <summary>The job runs on its own task after the timer fires; wait for its effect, not for a time.</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    // Read from the database: days on the fake clock expire every access token the fixture holds.
    private async Task<string?> StatusAsync(JsonNode listing)
    {
        Assert.True(GlobalId.TryDecode<long>((string?)listing["id"], "Listing", out var id));
        await using var db = await _bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        var status = await db.Listings.Where(l => l.Id == id).Select(l => l.Status).SingleAsync();
        return status.ToString().ToUpperInvariant();
    }

    private Task<DateTime> LastRunAsync() => Task.FromResult(_bank.App.Services.GetRequiredService<ListingExpiry>().LastRunAt);

    private async Task<List<string>> OutboxTopicsAsync()
    {
        await using var db = await _bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
        return await db.Outbox.Where(m => m.Topic.StartsWith("listing")).OrderBy(m => m.Id).Select(m => m.Topic).ToListAsync();
    }

    public Task DisposeAsync() => _bank.DisposeAsync();
}
