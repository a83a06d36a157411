using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Tests.Events;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Hosting;

/// <summary>
/// The outbox dispatcher must not stop the API either (the host's default for a failed background service): an event
/// whose payload no longer reads as its topic's (written by an older version, say) is logged and passed over, and the
/// events after it still go out; any other failed round is retried after a growing pause.
/// </summary>
public sealed class OutboxDispatcherFailureTests : IAsyncLifetime
{
    private readonly TimeBankApplication _app = new();

    public Task InitializeAsync() => _app.GraphQLAsync("{ __typename }");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnEventThatDoesNotReadLeavesTheApiServingAndLaterEventsGoOut()
    {
        var arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = TestEvents.Observe(_app.Services.GetRequiredService<EventBus>(), null, e => arrived.TrySetResult(e.Payload.N));

        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync())
        {
            db.Outbox.Add(new OutboxMessage
            {
                EventId = Guid.CreateVersion7(),
                Topic = "test",
                PayloadJson = "{\"n\":",
                Audience = "",
                CreatedAt = _app.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
            TestEvents.Add(db, 2);
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, await arrived.Task.WaitAsync(Wait.Timeout));
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the dispatcher's failure stopped the host");
        Assert.Equal("Query", (string?)(await _app.GraphQLAsync("{ __typename }"))["data"]?["__typename"]);
    }

    [Fact]
    public void AfterEachFailedRoundInARowTheDispatcherWaitsTwiceAsLongUpToHalfAMinute()
    {
        var pauses = Enumerable.Range(1, 8).Select(failures => OutboxDispatcher.BackOff(failures).TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], pauses);
        Assert.Equal(OutboxDispatcher.MaxBackOff, OutboxDispatcher.BackOff(int.MaxValue));
    }
}
