namespace TimeBank.Api.Hosting;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on the application's clock and can never stop the API: the
/// host's default for a background service that throws is to stop the whole application, so a busy database during one
/// run would take every member offline. Any failure of a run is logged and the job goes on, skipping more ticks after
/// each failure in a row (1, 2, 4, ... up to <see cref="MaxSkippedTicks"/>) so a broken database is not hammered. A stop
/// mid-run ends it quietly.
/// </summary>
public abstract partial class PeriodicJob(TimeProvider clock, ILogger logger) : HostedLoop(logger)
{
    private const int MaxSkippedTicks = 12;

    /// <summary>Time between two runs.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The job's name in the log.</summary>
    protected abstract string Name { get; }

    /// <summary>One run: does what is due now.</summary>
    protected abstract Task RunOnceAsync(CancellationToken stoppingToken);

    /// <summary>Runs at once, then on every tick not skipped after a failure, until the host stops.</summary>
    public override async Task RunAsync(CancellationToken stoppingToken)
    {
        // A periodic timer keeps a tick that falls while a run is still going, so a clock moved meanwhile is not missed.
        using var timer = new PeriodicTimer(Interval, clock);
        var failures = 0;
        var skip = 0;
        try
        {
            do
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }
                try
                {
                    await RunOnceAsync(stoppingToken);
                    failures = 0;
                }
                // A host that never finished starting disposes its services, possibly before it cancels this job.
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not ObjectDisposedException)
                {
                    failures++;
                    skip = Math.Min((1 << Math.Min(failures - 1, 30)) - 1, MaxSkippedTicks);
                    LogFailed(Logger, Name, failures, skip, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping, perhaps because it never finished starting: a run cut short is not a failure.
        }
        catch (ObjectDisposedException)
        {
            // See above: the services went before the cancellation came.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} run failed ({Failures} in a row); skipping {Skipped} runs, then trying again")]
    private static partial void LogFailed(ILogger logger, string job, int failures, int skipped, Exception exception);
}
