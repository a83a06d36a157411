using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data;

/// <summary>
/// Applies pending migrations before Kestrel starts listening (StartingAsync runs ahead of every
/// hosted service's StartAsync), so no request ever meets an old schema.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IDbContextFactory<TimeBankDbContext> contexts, TimeProvider clock, ILogger<DatabaseMigrator> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            var names = string.Join(", ", pending);
            LogMigrated(pending.Count, names);
        }
        // A database written before the community chain gets its links once (a migration cannot hash).
        var linked = await TimeBank.Ledger.LedgerChainBackfill.AppendMissingLinksAsync(db, cancellationToken);
        if (linked > 0)
        {
            LogLinked(linked);
        }

        var deployment = await db.Deployments.SingleOrDefaultAsync(d => d.Id == 1, cancellationToken);
        if (deployment is null)
        {
            deployment = new Deployment { Id = 1, InstanceId = Guid.NewGuid(), CreatedAt = clock.GetUtcNow() };
            db.Deployments.Add(deployment);
            await db.SaveChangesAsync(cancellationToken);
        }
        var dataSource = db.Database.GetDbConnection().DataSource;
        LogReady(deployment.InstanceId, dataSource);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s): {Migrations}")]
    private partial void LogMigrated(int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Linked {Count} existing ledger record(s) into their community chains")]
    private partial void LogLinked(long count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: deployment {InstanceId} at {DataSource}")]
    private partial void LogReady(Guid instanceId, string dataSource);
}
