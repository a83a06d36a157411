using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Events;

/// <summary>
/// Publishes committed outbox events to the bus, oldest first, then marks them dispatched. An event
/// published but not yet marked when the process dies goes out again after restart, with the same
/// EventId: delivery is at least once and clients drop duplicates by id.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<TimeBankDbContext> contexts, EventBus bus, OutboxSignal signal, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>Dispatches until the host stops; a stop mid-batch ends it quietly.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await DispatchAsync(stoppingToken) == BatchSize)
                    {
                    }
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }
                catch (Exception ex) when (ex is DbUpdateException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException
                    && ex is not ObjectDisposedException)
                {
                    // The events stay in the outbox; the next round tries them again.
                    LogDispatchFailed(ex);
                    await Task.Delay(PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping, perhaps because it never finished starting; waiting events go out after restart.
        }
        catch (ObjectDisposedException)
        {
            // A host that never finished starting disposes its services, possibly before it cancels this loop:
            // it is gone, and so is this loop; waiting events go out after restart.
        }
    }

    /// <summary>Publishes one batch of waiting events; returns how many.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = await db.Outbox.AsNoTracking().Where(m => m.DispatchedAt == null).OrderBy(m => m.Id).Take(BatchSize)
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }
        foreach (var message in batch)
        {
            bus.Publish(ToEvent(message));
        }
        var ids = batch.Select(m => m.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Outbox.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, now), cancellationToken);
        return batch.Count;
    }

    private static DomainEvent ToEvent(OutboxMessage message) => new(
        message.EventId,
        message.Topic,
        message.Audience.Length == 0
            ? new HashSet<long>()
            : message.Audience.Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToHashSet(),
        JsonDocument.Parse(message.PayloadJson).RootElement.Clone(),
        message.CreatedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; will retry")]
    private partial void LogDispatchFailed(Exception exception);
}
