using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Api.Data;
using TimeBank.Api.Events;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Events;

public sealed class OutboxTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly EventBus _bus = new();
    private readonly OutboxSignal _signal = new();
    private readonly OutboxDispatcher _dispatcher;

    public OutboxTests() =>
        _dispatcher = new OutboxDispatcher(_database, _bus, _signal, TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);

    [Fact]
    public async Task PublishesWhatCommittedAndNeverWhatRolledBack()
    {
        var received = Collect(userId: null);
        await using (var db = _database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            TestEvents.Add(db, 1);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await using (var db = _database.CreateContext())
        {
            TestEvents.Add(db, 2);
            await db.SaveChangesAsync();
        }

        var dispatched = await _dispatcher.DispatchAsync(default);
        var again = await _dispatcher.DispatchAsync(default);

        Assert.Equal(1, dispatched);
        Assert.Equal(0, again);
        Assert.Equal([2], received.Select(e => e.Payload.N));
    }

    [Fact]
    public async Task AnEventLeftByACrashGoesOutAfterRestartWithItsId()
    {
        Guid eventId;
        await using (var db = _database.CreateContext())
        {
            eventId = TestEvents.Add(db, 7);
            await db.SaveChangesAsync();
        }
        // The process that wrote it died before dispatching; a new one starts on the same database.
        var received = Collect(userId: null);

        await _dispatcher.DispatchAsync(default);

        Assert.Equal(eventId, Assert.Single(received).EventId);
        await using var check = _database.CreateContext();
        Assert.Equal((await check.Outbox.SingleAsync()).Id, (await check.OutboxMarks.SingleAsync()).DispatchedThroughId);
    }

    [Fact]
    public async Task PublishedEventsAreMarkedInBulkAtMostOncePerInterval()
    {
        var clock = new FakeTimeProvider();
        var dispatcher = new OutboxDispatcher(_database, _bus, _signal, clock, NullLogger<OutboxDispatcher>.Instance);
        await EnqueueAsync(1);
        await dispatcher.DispatchAsync(default);
        await EnqueueAsync(2);

        await dispatcher.DispatchAsync(default);
        var beforeInterval = await UnmarkedAsync();
        clock.Advance(OutboxDispatcher.MarkInterval);
        await dispatcher.DispatchAsync(default);

        Assert.Equal([2], beforeInterval);
        Assert.Empty(await UnmarkedAsync());
    }

    [Fact]
    public async Task ARestartPublishesAgainOnlyWhatWasNotMarked()
    {
        var clock = new FakeTimeProvider();
        var first = new OutboxDispatcher(_database, _bus, _signal, clock, NullLogger<OutboxDispatcher>.Instance);
        await EnqueueAsync(1);
        await first.DispatchAsync(default);
        await EnqueueAsync(2);
        await EnqueueAsync(3);
        await first.DispatchAsync(default);
        // The process dies here, before its next mark: 2 and 3 were published but not marked.
        var received = Collect(userId: null);

        var second = new OutboxDispatcher(_database, _bus, _signal, clock, NullLogger<OutboxDispatcher>.Instance);
        await second.DispatchAsync(default);

        Assert.Equal([2, 3], received.Select(e => e.Payload.N));
    }

    [Fact]
    public async Task StoppingMarksWhatWasPublished()
    {
        var dispatcher = new OutboxDispatcher(_database, _bus, _signal, new FakeTimeProvider(), NullLogger<OutboxDispatcher>.Instance);
        var arrived = new[] { NewSignal(), NewSignal() };
        using var subscription = TestEvents.Observe(_bus, null, e => arrived[e.Payload.N - 1].TrySetResult());
        using var stop = new CancellationTokenSource();
        await EnqueueAsync(1);
        var running = dispatcher.RunAsync(stop.Token);
        await arrived[0].Task.WaitAsync(TimeSpan.FromSeconds(10));
        await EnqueueAsync(2);
        _signal.Notify();
        await arrived[1].Task.WaitAsync(TimeSpan.FromSeconds(10));
        var whileRunning = await UnmarkedAsync();

        await stop.CancelAsync();
        await running;

        Assert.Equal([2], whileRunning);
        Assert.Empty(await UnmarkedAsync());
    }

    [Fact]
    public async Task OnlyTheAudienceReceivesAnEvent()
    {
        var forOne = Collect(userId: 1);
        var forTwo = Collect(userId: 2);
        var anonymous = Collect(userId: null);
        await using (var db = _database.CreateContext())
        {
            TestEvents.Add(db, 1, audience: [1]);
            OutboxWriter.For(db, TimeProvider.System).Add(TestEvents.Other, new Numbered(2), []);
            await db.SaveChangesAsync();
        }

        await _dispatcher.DispatchAsync(default);

        Assert.Single(forOne);
        Assert.Empty(forTwo);
        Assert.Empty(anonymous);
    }

    [Fact]
    public async Task TheRunningHostDispatchesSoonAfterCommit()
    {
        await using var app = new TimeBankApplication();
        _ = app.Server;
        var bus = app.Services.GetRequiredService<EventBus>();
        var arrived = new TaskCompletionSource<DomainEvent<Numbered>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = TestEvents.Observe(bus, null, arrived.SetResult);

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync())
        {
            TestEvents.Add(db, 3);
            await db.SaveChangesAsync();
        }

        var message = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, message.Payload.N);
    }

    [Fact]
    public async Task AnEventIsReadOnceAndEverySubscriberGetsThatOneObject()
    {
        var seen = new List<Numbered>();
        using var first = TestEvents.Observe(_bus, null, e => seen.Add(e.Payload), filter: n => { seen.Add(n); return true; });
        using var second = TestEvents.Observe(_bus, null, e => seen.Add(e.Payload), filter: n => { seen.Add(n); return true; });
        await EnqueueAsync(5);

        await _dispatcher.DispatchAsync(default);

        // Two filters and two deliveries, and one payload read from the outbox for all four.
        Assert.Equal(4, seen.Count);
        Assert.All(seen, n => Assert.Same(seen[0], n));
        Assert.Equal(5, seen[0].N);
    }

    [Fact]
    public async Task AFilterThatThrowsEndsOnlyItsOwnSubscription()
    {
        var failed = new List<Exception>();
        using var failing = _bus.Observe(TestEvents.Test, null, _ => throw new InvalidOperationException("a broken filter"))
            .Subscribe(Observer.Of<DomainEvent<Numbered>>(_ => { }, failed.Add));
        var received = Collect(userId: null);
        await EnqueueAsync(1);
        await EnqueueAsync(2);

        await _dispatcher.DispatchAsync(default);

        Assert.IsType<InvalidOperationException>(Assert.Single(failed));
        Assert.Equal([1, 2], received.Select(e => e.Payload.N));
    }

    [Fact]
    public async Task AnEventWrittenOnTheLedgerWritersTransactionGoesOutLikeOneSavedWithItsChange()
    {
        var received = Collect(userId: 3);
        await using (var ledger = new LedgerWriter<TimeBankDbContext>(_database.CreateContext, TimeProvider.System))
        {
            await SubmitOnLedgerWriterAsync(ledger, "open-events", outbox => outbox.Add(TestEvents.Test, new Numbered(1), [3]));
        }
        await EnqueueAsync(2, audience: [3]);

        await _dispatcher.DispatchAsync(default);

        Assert.Equal([1, 2], received.Select(e => e.Payload.N));
    }

    [Fact]
    public async Task ManyEventsOfOneLedgerWriteGoOutInOrderEachWithItsOwnIdAndAudience()
    {
        // 20 events: more than one statement's worth of rows, so the split between statements is crossed too.
        var three = Collect(userId: 3);
        var four = Collect(userId: 4);
        var ids = new List<Guid>();
        await using var ledger = new LedgerWriter<TimeBankDbContext>(_database.CreateContext, TimeProvider.System);
        await SubmitOnLedgerWriterAsync(ledger, "many-events", outbox =>
        {
            for (var n = 1; n <= 20; n++)
            {
                ids.Add(outbox.Add(TestEvents.Test, new Numbered(n), n % 2 == 1 ? [3] : [4]));
            }
        });

        await _dispatcher.DispatchAsync(default);

        Assert.Equal([1, 3, 5, 7, 9, 11, 13, 15, 17, 19], three.Select(e => e.Payload.N));
        Assert.Equal([2, 4, 6, 8, 10, 12, 14, 16, 18, 20], four.Select(e => e.Payload.N));
        Assert.Equal(ids, three.Concat(four).OrderBy(e => e.Payload.N).Select(e => e.EventId));
        Assert.Equal(20, ids.Distinct().Count());
    }

    [Fact]
    public async Task EventsOfACallbackThatFailedAreNotWrittenWithTheNextWrite()
    {
        var received = Collect(userId: 3);
        // One writer, so both writes run on the same connection and its statements.
        await using var ledger = new LedgerWriter<TimeBankDbContext>(_database.CreateContext, TimeProvider.System);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SubmitOnLedgerWriterAsync(ledger, "fails", outbox =>
        {
            outbox.Add(TestEvents.Test, new Numbered(1), [3]);
            throw new InvalidOperationException("the callback fails after telling an event");
        }));
        await SubmitOnLedgerWriterAsync(ledger, "succeeds", outbox => outbox.Add(TestEvents.Test, new Numbered(2), [3]));

        await _dispatcher.DispatchAsync(default);

        Assert.Equal([2], received.Select(e => e.Payload.N));
        Assert.Equal([2], await AllWrittenAsync());
    }

    private static async Task SubmitOnLedgerWriterAsync(LedgerWriter<TimeBankDbContext> ledger, string key, Action<OutboxWriter> tell)
    {
        var opened = await PreparedStatements.SubmitAsync(ledger,
            new OpenAccount("g", key, AccountKind.Member, null, null) { IdempotencyKey = key, ActorId = "test" },
            (statements, _) =>
            {
                tell(OutboxWriter.OnLedgerWriter(statements, TimeProvider.System));
                return Task.CompletedTask;
            }, TimeProvider.System, CancellationToken.None);
        Assert.True(opened.Succeeded, opened.Status.ToString());
    }

    private async Task<List<int>> AllWrittenAsync()
    {
        await using var db = _database.CreateContext();
        return Numbers(await db.Outbox.OrderBy(m => m.Id).Select(m => m.PayloadJson).ToListAsync());
    }

    private static List<int> Numbers(IEnumerable<string> payloads) =>
        [.. payloads.Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("n").GetInt32())];

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task EnqueueAsync(int n, IEnumerable<long>? audience = null)
    {
        await using var db = _database.CreateContext();
        TestEvents.Add(db, n, audience);
        await db.SaveChangesAsync();
    }

    private async Task<List<int>> UnmarkedAsync()
    {
        await using var db = _database.CreateContext();
        var mark = await db.OutboxMarks.Select(m => m.DispatchedThroughId).SingleAsync();
        return Numbers(await db.Outbox.Where(m => m.Id > mark).OrderBy(m => m.Id).Select(m => m.PayloadJson).ToListAsync());
    }

    private List<DomainEvent<Numbered>> Collect(long? userId)
    {
        var received = new List<DomainEvent<Numbered>>();
        TestEvents.Observe(_bus, userId, received.Add);
        return received;
    }

    public void Dispose()
    {
        _signal.Dispose();
        _dispatcher.Dispose();
        _database.Dispose();
    }
}
