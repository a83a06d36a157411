namespace TimeBank.Api.Hosting;

/// <summary>
/// A loop that runs from the host's start to its stop: the periodic jobs and the outbox dispatcher.
/// </summary>
/// <remarks>
/// Not a <see cref="BackgroundService"/>: since .NET 10 that starts its work with <c>Task.Run</c> on its stopping token,
/// so a host that fails to start (a port in use) cancels the task before it ever ran, and the host logs that as a
/// service that crashed, at Critical with a stack trace, beside the one line the operator should see.
/// </remarks>
public abstract partial class HostedLoop(ILogger logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    protected ILogger Logger { get; } = logger;

    /// <summary>The loop: runs until <paramref name="stoppingToken"/> is cancelled, and handles its own failures.</summary>
    public abstract Task RunAsync(CancellationToken stoppingToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var stoppingToken = _stopping.Token;
        _running = Task.Run(async () =>
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The loops catch their own failures; one escaping is a bug, and the API goes on serving without the loop.
                LogEnded(Logger, GetType().Name, ex);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Cut short by the stop, or by a host that never finished starting and disposed the services under it.
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            return;
        }
        await _stopping.CancelAsync();
        // A loop cut short by the stop ends quietly; the host's shutdown timeout bounds the wait.
        await _running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        // The container disposes a loop once per registration that hands it out (the dispatcher has two), and a test
        // host may stop its services after disposing them: cancelling is all there is to do, and it is never disposed
        // of, so a late StopAsync still finds it usable (it holds no timer, so there is nothing to release).
        _stopping.Cancel();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Loop} stopped on an unexpected failure; restart the API to resume it")]
    private static partial void LogEnded(ILogger logger, string loop, Exception exception);
}
