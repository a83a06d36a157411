using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Identity;
using TimeBank.Api.Operations.Retention;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Operations.Retention;

/// <summary>
/// The retention sweep on the demo deployment, with outbox events and refresh tokens of every age and state written
/// beside the demo's own, and batches of two so that every deletion takes several.
/// </summary>
public sealed class RetentionSweepTests : IAsyncLifetime
{
    private static readonly string[] Pruned = ["Outbox", "RefreshTokens", "sqlite_sequence"];

    private readonly TimeBankApplication _app = new()
    {
        SeedDemo = true,
        Settings = new Dictionary<string, string> { ["Retention:BatchSize"] = "2", ["Retention:OutboxAge"] = "7.00:00:00" },
    };

    private DateTime _now;
    private long _userId;

    public async Task InitializeAsync()
    {
        await _app.GraphQLAsync("{ __typename }");
        _now = _app.Clock.GetUtcNow().UtcDateTime;
        await using var db = await CreateContextAsync();
        _userId = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync();
        // The dispatcher's first round marks the demo's events; after it, with the API's clock standing still, it marks
        // nothing more, so the mark is the test's to set.
        var demoEvents = await db.Outbox.MaxAsync(m => (long?)m.Id)
            ?? throw new InvalidOperationException("The demo wrote no events, so the dispatcher's first round cannot be seen.");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await db.OutboxMarks.Select(m => m.DispatchedThroughId).SingleAsync() < demoEvents && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DeliveredOutboxEventsWrittenLongerAgoThanTheAgeAreDeletedAndNoOthers()
    {
        long delivered;
        await using (var db = await CreateContextAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                db.Outbox.Add(Event($"old-{i}", _now.AddDays(-8)));
            }
            db.Outbox.Add(Event("recent", _now.AddDays(-6)));
            await db.SaveChangesAsync();
            delivered = await db.Outbox.MaxAsync(m => m.Id);
            // Delivered so far; the API's dispatcher marks no further on its own, as its clock stands still.
            await db.OutboxMarks.ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedThroughId, delivered));
            db.Outbox.Add(Event("waiting", _now.AddDays(-30)));
            await db.SaveChangesAsync();
        }

        var result = await SweepAsync();

        await using var after = await CreateContextAsync();
        var left = await after.Outbox.Where(m => m.Topic.StartsWith("retention-")).Select(m => m.Topic).ToListAsync();
        Assert.Equal(["retention-recent", "retention-waiting"], left.Order());
        Assert.True(result.OutboxEvents >= 5);
        Assert.Empty(await after.Outbox.Where(m => m.CreatedAt < _now.AddDays(-7) && m.Id <= delivered).ToListAsync());
        Assert.Equal(delivered, await after.OutboxMarks.Select(m => m.DispatchedThroughId).SingleAsync());
    }

    [Fact]
    public async Task RefreshTokensGoOnlyWhenNobodyCanUseThemOrNeedsThem()
    {
        var ended = Guid.NewGuid();
        var continuing = Guid.NewGuid();
        var justEnded = Guid.NewGuid();
        await using (var db = await CreateContextAsync())
        {
            db.RefreshTokens.AddRange(
                Token("expired-long-ago", Guid.NewGuid(), _now.AddDays(-40), _now.AddDays(-10), revokedAt: null),
                Token("revoked-session-ended", ended, _now.AddDays(-5), _now.AddDays(25), revokedAt: _now.AddDays(-1)),
                Token("used-session-goes-on", continuing, _now.AddDays(-5), _now.AddDays(25), revokedAt: _now.AddDays(-1)),
                Token("successor", continuing, _now.AddDays(-1), _now.AddDays(29), revokedAt: null),
                Token("session-ended-a-minute-ago", justEnded, _now.AddDays(-1), _now.AddDays(29), revokedAt: _now.AddMinutes(-1)));
            await db.SaveChangesAsync();
        }

        await SweepAsync();

        await using var after = await CreateContextAsync();
        var left = await after.RefreshTokens.Where(t => t.TokenHash.StartsWith("retention-")).Select(t => t.TokenHash).ToListAsync();
        Assert.Equal(["retention-session-ended-a-minute-ago", "retention-successor", "retention-used-session-goes-on"], left.Order());
    }

    [Fact]
    public async Task TheLedgerTimelinesAndAuditTrailAreNeverTouched()
    {
        var before = Kept(DatabaseFingerprint.Of(_app));
        // A sweep a year on, when everything of the demo is old enough for any rule that would prune it. Its own clock:
        // the API's jobs on the API's clock would expire listings and settle exchanges meanwhile.
        var services = _app.Services;
        var yearOn = new RetentionSweep(services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>(),
            services.GetRequiredService<RetentionOptions>(), services.GetRequiredService<AuthOptions>(),
            new FakeTimeProvider(_app.Clock.GetUtcNow().AddDays(365)));

        var result = await yearOn.RunOnceAsync(default);

        Assert.Equal(before, Kept(DatabaseFingerprint.Of(_app)));
        Assert.Contains("LedgerEntries", before, StringComparison.Ordinal);
        Assert.Contains("AuditRecords", before, StringComparison.Ordinal);
        Assert.True(result.RefreshTokens > 0, "the demo's sessions have all expired a year on");
    }

    private async Task<RetentionResult> SweepAsync() =>
        await _app.Services.GetRequiredService<RetentionSweep>().RunOnceAsync(default);

    private Task<TimeBankDbContext> CreateContextAsync() =>
        _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();

    // Every table's line but the ones retention prunes.
    private static string Kept(string fingerprint) =>
        string.Join('\n', fingerprint.Split('\n').Where(line => !Pruned.Contains(line[..line.IndexOf(':', StringComparison.Ordinal)])));

    private static OutboxMessage Event(string name, DateTime createdAt) => new()
    {
        EventId = Guid.NewGuid(),
        Topic = "retention-" + name,
        PayloadJson = "{}",
        CreatedAt = createdAt,
    };

    private RefreshToken Token(string name, Guid family, DateTime createdAt, DateTime expiresAt, DateTime? revokedAt) => new()
    {
        UserId = _userId,
        TokenHash = "retention-" + name,
        FamilyId = family,
        CreatedAt = createdAt,
        ExpiresAt = expiresAt,
        RevokedAt = revokedAt,
    };
}
