using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Hosting;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// Settles COMPLETED exchanges the receiver left unanswered for the policy's <c>AutoAcknowledgeDays</c>,
/// as the system. It takes the same path as an acknowledgement (same ledger key), so a receiver
/// acknowledging at the same moment still makes one entry. The clock is the application's
/// <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
public sealed class AutoAcknowledge(IDbContextFactory<TimeBankDbContext> contexts, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock)
{
    /// <summary>Settles what is due; returns how many exchanges it settled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(Exchange Exchange, int Days, int PolicyVersion)> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var completed = await db.Exchanges.AsNoTracking()
                // No policy settles in less than a day, so younger completions need not be read.
                .Where(e => e.Status == ExchangeStatus.Completed && e.CompletedAt <= now.AddDays(-1))
                .Join(db.Communities, e => e.CommunityId, c => c.Id, (e, c) => new { Exchange = e, c.PolicyVersion })
                .Join(db.CommunityPolicies, x => new { x.Exchange.CommunityId, Version = x.PolicyVersion }, p => new { p.CommunityId, p.Version },
                    (x, p) => new { x.Exchange, p.AutoAcknowledgeDays, x.PolicyVersion })
                .ToListAsync(ct);
            due = completed.Where(x => x.AutoAcknowledgeDays > 0 && x.Exchange.CompletedAt!.Value.AddDays(x.AutoAcknowledgeDays) <= now)
                .Select(x => (x.Exchange, x.AutoAcknowledgeDays, x.PolicyVersion)).ToList();
        }

        var settled = 0;
        foreach (var (exchange, days, policyVersion) in due)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var parties = await db.Members.AsNoTracking()
                .Where(m => m.Id == exchange.ProviderMemberId || m.Id == exchange.ReceiverMemberId).ToDictionaryAsync(m => m.Id, ct);
            var step = new ExchangeStep(exchange, parties[exchange.ProviderMemberId], parties[exchange.ReceiverMemberId], ExchangeActor.System, policyVersion);
            var outcome = await ExchangeFlow.TakeAsync(new(db, ledger, clock, ct), step,
                new ExchangeAsk(ExchangeStateMachine.AutoAcknowledge, exchange.ActualMinutes ?? exchange.AgreedMinutes, $"no answer within {days} days"));
            settled += outcome.Succeeded ? 1 : 0;
        }
        return settled;
    }
}

/// <summary>Runs <see cref="AutoAcknowledge"/> every few minutes on the application's clock.</summary>
public sealed partial class AutoAcknowledgeJob(AutoAcknowledge autoAcknowledge, TimeProvider clock, ILogger<AutoAcknowledgeJob> logger)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override string Name => "Auto-acknowledge";

    protected override async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        var settled = await autoAcknowledge.RunOnceAsync(stoppingToken);
        if (settled > 0)
        {
            LogRun(settled);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exchanges: auto-acknowledged {Settled}")]
    private partial void LogRun(int settled);
}

public static class ExchangesRegistration
{
    /// <summary>The job that settles completed exchanges nobody answered.</summary>
    public static IServiceCollection AddExchangeAutoAcknowledge(this IServiceCollection services)
    {
        services.AddSingleton<AutoAcknowledge>();
        services.AddHostedService<AutoAcknowledgeJob>();
        return services;
    }
}
