using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TimeBank.Api.Data;
using TimeBank.Api.Events;
using TimeBank.Api.Tests.Infrastructure;

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
        var received = Collect("test", userId: null);
        await using (var db = _database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Enqueue("test", new { n = 1 }, TimeProvider.System);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await using (var db = _database.CreateContext())
        {
            db.Enqueue("test", new { n = 2 }, TimeProvider.System);
            await db.SaveChangesAsync();
        }

        var dispatched = await _dispatcher.DispatchAsync(default);
        var again = await _dispatcher.DispatchAsync(default);

        Assert.Equal(1, dispatched);
        Assert.Equal(0, again);
        Assert.Equal([2], received.Select(e => e.Payload.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task AnEventLeftByACrashGoesOutAfterRestartWithItsId()
    {
        Guid eventId;
        await using (var db = _database.CreateContext())
        {
            eventId = db.Enqueue("test", new { n = 7 }, TimeProvider.System).EventId;
            await db.SaveChangesAsync();
        }
        // The process that wrote it died before dispatching; a new one starts on the same database.
        var received = Collect("test", userId: null);

        await _dispatcher.DispatchAsync(default);

        Assert.Equal(eventId, Assert.Single(received).EventId);
        await using var check = _database.CreateContext();
        Assert.NotNull((await check.Outbox.SingleAsync()).DispatchedAt);
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
        var received = Collect("test", userId: null);

        var second = new OutboxDispatcher(_database, _bus, _signal, clock, NullLogger<OutboxDispatcher>.Instance);
        await second.DispatchAsync(default);

        Assert.Equal([2, 3], received.Select(e => e.Payload.GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task StoppingMarksWhatWasPublished()
    {
        var dispatcher = new OutboxDispatcher(_database, _bus, _signal, new FakeTimeProvider(), NullLogger<OutboxDispatcher>.Instance);
        var arrived = new[] { NewSignal(), NewSignal() };
        using var subscription = _bus.Observe("test", null)
            .Subscribe(new Observer(e => arrived[e.Payload.GetProperty("n").GetInt32() - 1].TrySetResult()));
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
        var forOne = Collect("test", userId: 1);
        var forTwo = Collect("test", userId: 2);
        var anonymous = Collect("test", userId: null);
        await using (var db = _database.CreateContext())
        {
            db.Enqueue("test", new { n = 1 }, TimeProvider.System, audience: [1]);
            db.Enqueue("other", new { n = 2 }, TimeProvider.System);
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
        var arrived = new TaskCompletionSource<DomainEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = bus.Observe("test", null).Subscribe(new Observer(arrived.SetResult));

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync())
        {
            db.Enqueue("test", new { n = 3 }, TimeProvider.System);
            await db.SaveChangesAsync();
        }

        var message = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, message.Payload.GetProperty("n").GetInt32());
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task EnqueueAsync(int n)
    {
        await using var db = _database.CreateContext();
        db.Enqueue("test", new { n }, TimeProvider.System);
        await db.SaveChangesAsync();
    }

    private async Task<List<int>> UnmarkedAsync()
    {
        await using var db = _database.CreateContext();
        var unmarked = await db.Outbox.Where(m => m.DispatchedAt == null).OrderBy(m => m.Id).Select(m => m.PayloadJson).ToListAsync();
        return [.. unmarked.Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("n").GetInt32())];
    }

    private List<DomainEvent> Collect(string topic, long? userId)
    {
        var received = new List<DomainEvent>();
        _bus.Observe(topic, userId).Subscribe(new Observer(received.Add));
        return received;
    }

    public void Dispose()
    {
        _signal.Dispose();
        _dispatcher.Dispose();
        _database.Dispose();
    }

    private sealed class Observer(Action<DomainEvent> next) : IObserver<DomainEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(DomainEvent value) => next(value);
    }
}
