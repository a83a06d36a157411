using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;

namespace TimeBank.Api.Features.Identity;

/// <summary>
/// Loads <see cref="EndedSessions"/> before the first request; registered after the migrator, so it reads a migrated
/// database.
/// </summary>
internal sealed class EndedSessionsLoader(IDbContextFactory<TimeBankDbContext> contexts, EndedSessions sessions) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await sessions.LoadAsync(db, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
