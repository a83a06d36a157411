using TimeBank.Api.Hosting;

namespace TimeBank.Api.Operations.Retention;

/// <summary>Runs <see cref="RetentionSweep"/> at start and every <see cref="RetentionOptions.Every"/>; a failure is logged, never fatal.</summary>
public sealed partial class RetentionJob(RetentionSweep sweep, RetentionOptions options, TimeProvider clock, ILogger<RetentionJob> logger)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => options.Every;

    protected override string Name => "Retention";

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var result = await sweep.RunOnceAsync(stoppingToken);
        if (result.OutboxEvents + result.RefreshTokens > 0)
        {
            LogDeleted(result.OutboxEvents, result.RefreshTokens);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {OutboxEvents} delivered outbox events and {RefreshTokens} spent refresh tokens")]
    private partial void LogDeleted(long outboxEvents, long refreshTokens);
}
