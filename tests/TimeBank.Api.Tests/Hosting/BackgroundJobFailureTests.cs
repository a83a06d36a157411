using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TimeBank.Api.Features.Listings;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Hosting;

/// <summary>
/// A background job that throws must not stop the API (the host's default for a failed background service): a busy
/// database during one listing-expiry run is injected, then the API must still answer and the job run again.
/// </summary>
public sealed class BackgroundJobFailureTests : IAsyncLifetime
{
    private readonly BusyOnce _busy = new("\"ExpiresAt\" <=");
    private readonly TimeBankApplication _app;

    public BackgroundJobFailureTests() => _app = new TimeBankApplication { Interceptors = [_busy] };

    public Task InitializeAsync() => _app.GraphQLAsync("{ __typename }");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ABusyDatabaseDuringAJobLeavesTheApiServingAndTheJobGoesOn()
    {
        var expiry = _app.Services.GetRequiredService<ListingExpiry>();
        var start = _app.Clock.GetUtcNow().UtcDateTime;
        await Wait.UntilAsync(() => expiry.LastRunAt >= start, "the first listing expiry run");

        _busy.Arm();
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await _busy.Thrown.WaitAsync(Wait.Timeout);
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Wait.UntilAsync(() => expiry.LastRunAt >= start.AddMinutes(10), "a listing expiry run after the failed one");

        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the failed run stopped the host");
        Assert.Equal("Query", (string?)(await _app.GraphQLAsync("{ __typename }"))["data"]?["__typename"]);
    }

    /// <summary>Once armed, fails the next command containing a piece of SQL as SQLite does when another writer holds the lock.</summary>
    private sealed class BusyOnce(string sql) : DbCommandInterceptor
    {
        private const int SqliteBusy = 5;
        private int _armed;
        private readonly TaskCompletionSource _thrown = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Thrown => _thrown.Task;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(sql, StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _thrown.TrySetResult();
                throw new SqliteException("database is locked", SqliteBusy);
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
