using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TimeBank.Api.Events;

/// <summary>
/// Wakes the outbox dispatcher when a commit may have made events visible, so they go out at once
/// rather than at the next poll. Wakes coalesce: a burst of commits costs one outbox query.
/// </summary>
public sealed class OutboxSignal : DbTransactionInterceptor, ISaveChangesInterceptor, IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        // A wake already pending covers this commit too.
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
            }
            catch (ObjectDisposedException)
            {
                // The host is shutting down under a job's last commit: nobody is left to wake.
            }
        }
    }

    /// <summary>Waits for a commit or the poll interval (a safety net, on the real clock), whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken) =>
        await _wake.WaitAsync(pollInterval, cancellationToken);

    public void Dispose() => _wake.Dispose();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Notify();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Notify();
        return Task.CompletedTask;
    }

    // SaveChanges outside an explicit transaction commits its own; inside one, TransactionCommitted follows.
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Notify();
        }
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));
}
