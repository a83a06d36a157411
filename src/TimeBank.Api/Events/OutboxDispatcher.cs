using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Hosting;
using TimeBank.Api.Operations.Telemetry;

namespace TimeBank.Api.Events;

/// <summary>
/// Publishes committed outbox events to the bus, oldest first, and records how far it got in the one
/// <see cref="OutboxMark"/> row. An event published but not yet marked when the process dies goes out again after
/// restart, with the same EventId: delivery is at least once and clients drop duplicates by id.
/// </summary>
/// <remarks>
/// The dispatcher remembers how far it has published and moves the mark at most once per
/// <see cref="MarkInterval"/> (and when it stops): marking is a write, and every write of its own would
/// take SQLite's one write lock from the ledger's writer, which commits hundreds of times a second under
/// load. A crash therefore redelivers up to about that interval's events. The mark is one row, not a column
/// per event: marking each event rewrote thousands of rows a second under settlement load, holding the write
/// lock for 25-40 ms each time, and those pauses were a good part of the settle benchmark's p99. Reading on from the last id
/// published relies on ids committing in order, which SQLite's single writer guarantees.
/// </remarks>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<TimeBankDbContext> contexts, EventBus bus, OutboxSignal signal, TimeProvider clock, ILogger<OutboxDispatcher> logger)
    : HostedLoop(logger)
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MarkInterval = TimeSpan.FromSeconds(1);

    // The newest event this process published (null until read from the database), the newest marked, and when.
    private long? _published;
    private long _marked;
    private long? _markedAtTimestamp;

    /// <summary>
    /// Dispatches until the host stops; a stop mid-batch ends it quietly. No failure ends it: the host's default for a
    /// background service that throws is to stop the whole application, so a busy database would take every member
    /// offline. A failed round is logged and tried again after a pause that doubles with each failure in a row (up to
    /// <see cref="MaxBackOff"/>), so a broken database is not hammered; the events wait in the outbox meanwhile.
    /// </summary>
    public override async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await DispatchAsync(stoppingToken) == BatchSize)
                    {
                    }
                    failures = 0;
                    await signal.WaitAsync(PollInterval, stoppingToken);
                }
                // A host that never finished starting disposes its services, possibly before it cancels this loop.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not ObjectDisposedException)
                {
                    failures++;
                    var pause = BackOff(failures);
                    LogDispatchFailed(failures, pause, ex);
                    // On the real clock, as the poll: the pause is the database's time to recover, not the application's.
                    await Task.Delay(pause, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping, perhaps because it never finished starting; waiting events go out after restart.
        }
        catch (ObjectDisposedException)
        {
            // See above: the services went before the cancellation came; waiting events go out after restart.
        }
        await MarkOnStopAsync();
    }

    /// <summary>The pause after <paramref name="failures"/> failed rounds in a row: the poll interval, doubled each time, at most <see cref="MaxBackOff"/>.</summary>
    public static TimeSpan BackOff(int failures) =>
        TimeSpan.FromTicks(Math.Min(PollInterval.Ticks << Math.Clamp(failures - 1, 0, 16), MaxBackOff.Ticks));

    /// <summary>Publishes one batch of waiting events, marking what was published when it is time; returns how many.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        _published ??= await StartingPointAsync(db, cancellationToken);
        var after = _published.Value;
        var batch = await db.Outbox.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var message in batch)
        {
            try
            {
                bus.Publish(message);
                TimeBankMetrics.OutboxPublished(message.CreatedAt, clock.GetUtcNow());
            }
            catch (JsonException ex)
            {
                // Its payload no longer reads as its topic's (written by an older version, say): it never will, and
                // holding it would hold every event after it. The log names it; its row stays in the outbox.
                LogUnreadable(message.EventId, message.Topic, ex);
            }
        }
        if (batch.Count > 0)
        {
            _published = batch[^1].Id;
        }
        if (_markedAtTimestamp is not { } markedAt || clock.GetElapsedTime(markedAt) >= MarkInterval)
        {
            await MarkAsync(db, cancellationToken);
        }
        return batch.Count;
    }

    /// <summary>Marks every event published so far as dispatched.</summary>
    private async Task MarkAsync(TimeBankDbContext db, CancellationToken cancellationToken)
    {
        if (_published is { } published && published > _marked)
        {
            // Never backwards: a mark moved back would send delivered events out again after the next restart.
            await db.OutboxMarks.Where(m => m.Id == OutboxMark.TheRow && m.DispatchedThroughId < published)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedThroughId, published), cancellationToken);
            _marked = published;
        }
        _markedAtTimestamp = clock.GetTimestamp();
    }

    // Where the last process marked, or a little before where it stopped publishing.
    private static async Task<long> StartingPointAsync(TimeBankDbContext db, CancellationToken cancellationToken) =>
        await db.OutboxMarks.Where(m => m.Id == OutboxMark.TheRow).Select(m => m.DispatchedThroughId).SingleAsync(cancellationToken);

    private async Task MarkOnStopAsync()
    {
        if (_published is not { } published || published <= _marked)
        {
            return;
        }
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await MarkAsync(db, CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or DbUpdateException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // Stopping anyway: what is left unmarked goes out again after restart, and clients drop it by id.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed ({Failures} in a row); trying again in {Pause}")]
    private partial void LogDispatchFailed(int failures, TimeSpan pause, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox event {EventId} ({Topic}) does not read as its topic's payload; passed over")]
    private partial void LogUnreadable(Guid eventId, string topic, Exception exception);
}
