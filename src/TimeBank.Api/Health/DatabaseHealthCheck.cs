using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TimeBank.Api.Data;

namespace TimeBank.Api.Health;

/// <summary>Ready means the database answers and carries every migration this build knows.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<TimeBankDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("the database does not answer");
        }
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        return pending.Any()
            ? HealthCheckResult.Unhealthy("the database has pending migrations")
            : HealthCheckResult.Healthy();
    }
}
