using Microsoft.Extensions.Logging.Abstractions;
using TimeBank.Api.Data;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Exchanges;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Tests.Infrastructure;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Tests.Hosting;

/// <summary>
/// When the host gives up starting (a port in use), it cancels the background jobs mid-query. A job that
/// then ends as cancelled or faulted makes the host log a stack trace, breaking the one-line refusal.
/// </summary>
public sealed class BackgroundJobStopTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly LedgerWriter<TimeBankDbContext> _ledger;

    public BackgroundJobStopTests() => _ledger = new LedgerWriter<TimeBankDbContext>(_database);

    public static TheoryData<string, int> Stops => new()
    {
        { "outbox", 0 }, { "outbox", 50 },
        { "listing-expiry", 0 }, { "listing-expiry", 50 },
        { "auto-acknowledge", 0 }, { "auto-acknowledge", 50 },
    };

    [Theory]
    [MemberData(nameof(Stops))]
    public async Task AJobStoppedWhileWorkingOrWaitingEndsQuietly(string job, int stopAfterMilliseconds)
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(stopAfterMilliseconds));

        var run = Run(job, stopping.Token);
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(run.IsCompletedSuccessfully, $"{job} ended {run.Status}");
    }

    private Task Run(string job, CancellationToken stoppingToken) => job switch
    {
        "outbox" => new OutboxDispatcher(_database, new EventBus(), new OutboxSignal(), TimeProvider.System, NullLogger<OutboxDispatcher>.Instance)
            .RunAsync(stoppingToken),
        "auto-acknowledge" => new AutoAcknowledgeJob(new AutoAcknowledge(_database, _ledger, TimeProvider.System), TimeProvider.System,
                NullLogger<AutoAcknowledgeJob>.Instance)
            .RunAsync(stoppingToken),
        _ => new ListingExpiryJob(new ListingExpiry(_database, TimeProvider.System), TimeProvider.System, NullLogger<ListingExpiryJob>.Instance)
            .RunAsync(stoppingToken),
    };

    public void Dispose()
    {
        _ledger.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _database.Dispose();
    }
}
