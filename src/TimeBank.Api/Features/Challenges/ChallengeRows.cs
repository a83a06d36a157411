using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Challenges;

/// <summary>
/// A challenge's rows written in the ledger writer's transaction, beside the account or entry of its step (approving
/// opens the pool, closing empties it), with statements prepared on the writer's connection (see
/// <see cref="PreparedStatements"/>). Columns and formats are EF Core's own, so everything else reads these rows
/// through the model.
/// </summary>
public static class ChallengeRows
{
    // Writes every column a ledger step may change; the version read is the guard, as EF Core's concurrency token is.
    private const string MoveSql = """
        UPDATE "Challenges"
        SET "Status" = @status, "UpdatedAt" = @updatedAt, "Version" = @version, "PoolAccountId" = @poolAccountId,
            "ClosingEntrySequence" = @closingEntrySequence, "NeedsYouSentAt" = @needsYouSentAt
        WHERE "Id" = @id AND "Version" = @versionRead
        """;

    private const string TransitionSql = """
        INSERT INTO "ChallengeTransitions" ("ChallengeId", "FromStatus", "ToStatus", "Action", "ActorUserId", "PrincipalMemberId", "Note", "At")
        VALUES (@challengeId, @fromStatus, @toStatus, @action, @actorUserId, @principalMemberId, @note, @at)
        """;

    /// <summary>
    /// Writes <paramref name="moved"/>, as its step left it, over its row if the row still has <paramref name="versionRead"/>;
    /// false, and nothing written, when another change came first.
    /// </summary>
    public static bool TryMove(PreparedStatements statements, Challenge moved, int versionRead)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(moved);
        return statements.Execute(MoveSql,
            ("@status", moved.Status.ToString()),
            ("@updatedAt", moved.UpdatedAt),
            ("@version", moved.Version),
            ("@poolAccountId", moved.PoolAccountId),
            ("@closingEntrySequence", moved.ClosingEntrySequence),
            ("@needsYouSentAt", moved.NeedsYouSentAt),
            ("@id", moved.Id),
            ("@versionRead", versionRead)) == 1;
    }

    public static void AddTransition(PreparedStatements statements, ChallengeTransition transition)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(transition);
        statements.Execute(TransitionSql,
            ("@challengeId", transition.ChallengeId),
            ("@fromStatus", transition.FromStatus?.ToString()),
            ("@toStatus", transition.ToStatus.ToString()),
            ("@action", transition.Action),
            ("@actorUserId", transition.ActorUserId),
            ("@principalMemberId", transition.PrincipalMemberId),
            ("@note", transition.Note),
            ("@at", transition.At));
    }
}
