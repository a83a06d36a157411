using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Identity;

namespace TimeBank.Api.Operations.Retention;

/// <summary>What one retention run deleted.</summary>
public sealed record RetentionResult(long OutboxEvents, long RefreshTokens);

/// <summary>
/// Deletes what has served its purpose, in batches of <see cref="RetentionOptions.BatchSize"/> rows (one short write
/// each): delivered outbox events written more than <see cref="RetentionOptions.OutboxAge"/> ago, and refresh tokens
/// nobody can use or needs any more. The ledger, the timelines and the audit trail are never touched: they are the record.
/// </summary>
/// <remarks>
/// A refresh token goes once it has been expired for longer than an access token lives (nothing it started can still
/// act), or once it was revoked that long ago and its session has no live token left (the session ended). A used token
/// of a session that goes on is kept until it expires: presented again, it still ends the session as stolen. Sessions
/// ended within an access-token lifetime keep their rows, which <see cref="EndedSessions"/> reads at start. Outbox
/// events past the <see cref="OutboxMark"/> (not yet delivered) are never deleted, and ids are AUTOINCREMENT, so the
/// dispatcher never sees one reused.
/// </remarks>
public sealed class RetentionSweep(IDbContextFactory<TimeBankDbContext> contexts, RetentionOptions options, AuthOptions auth, TimeProvider clock)
{
    public async Task<RetentionResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var writtenBefore = now - options.OutboxAge;
        var outbox = await InBatchesAsync(db => db.Outbox
            .Where(m => m.CreatedAt < writtenBefore
                && m.Id <= db.OutboxMarks.Where(d => d.Id == OutboxMark.TheRow).Select(d => d.DispatchedThroughId).Single())
            .OrderBy(m => m.CreatedAt).Take(options.BatchSize)
            .ExecuteDeleteAsync(cancellationToken), cancellationToken);

        var ago = now - auth.AccessTokenLifetime - AccessTokens.ClockSkew;
        var tokens = await InBatchesAsync(db => db.RefreshTokens
            .Where(t => t.ExpiresAt < ago
                || (t.RevokedAt != null && t.RevokedAt < ago
                    && !db.RefreshTokens.Any(live => live.FamilyId == t.FamilyId && live.RevokedAt == null && live.ExpiresAt > now)))
            .OrderBy(t => t.Id).Take(options.BatchSize)
            .ExecuteDeleteAsync(cancellationToken), cancellationToken);
        return new RetentionResult(outbox, tokens);
    }

    private async Task<long> InBatchesAsync(Func<TimeBankDbContext, Task<int>> deleteBatch, CancellationToken cancellationToken)
    {
        long total = 0;
        int deleted;
        do
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            deleted = await deleteBatch(db);
            total += deleted;
        }
        while (deleted == options.BatchSize && !cancellationToken.IsCancellationRequested);
        return total;
    }
}
