using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>
/// An exchange's rows written in the ledger writer's transaction, beside the hold or entry that moves its
/// minutes, with statements prepared once on the writer's connection (see <see cref="PreparedStatements"/>).
/// Columns and formats are EF Core's own, so everything else reads these rows through the model.
/// </summary>
public static class ExchangeRows
{
    // Writes every column a step may change, from the exchange as the step left it; the status read is the guard.
    private const string MoveSql = """
        UPDATE "Exchanges"
        SET "Status" = @status, "UpdatedAt" = @updatedAt, "Version" = "Version" + 1, "HoldId" = @holdId, "ActualMinutes" = @actualMinutes,
            "SettlementEntrySequence" = @entrySequence, "SettledAt" = @settledAt
        WHERE "Id" = @id AND "Status" = @statusRead
        """;

    private const string InsertSql = """
        INSERT INTO "Exchanges" ("CommunityId", "ProviderMemberId", "ReceiverMemberId", "ProposedByMemberId", "ListingId", "Description",
            "AgreedMinutes", "ActualMinutes", "Status", "HoldId", "SettlementEntrySequence", "CompletedAt", "SettledAt", "CreatedAt", "UpdatedAt", "Version")
        VALUES (@communityId, @providerMemberId, @receiverMemberId, @proposedByMemberId, @listingId, @description,
            @agreedMinutes, @actualMinutes, @status, @holdId, @entrySequence, @completedAt, @settledAt, @createdAt, @updatedAt, @version)
        RETURNING "Id"
        """;

    private const string TransitionSql = """
        INSERT INTO "ExchangeTransitions" ("ExchangeId", "FromStatus", "ToStatus", "Action", "ActorUserId", "PrincipalMemberId", "Minutes", "Note", "At")
        VALUES (@exchangeId, @fromStatus, @toStatus, @action, @actorUserId, @principalMemberId, @minutes, @note, @at)
        """;

    /// <summary>
    /// Writes <paramref name="moved"/>, as a step left it, over its row if the row is still in <paramref name="statusRead"/>;
    /// false, and nothing written, when another step came first. No step leads back to a status, so a row still in the
    /// status read holds every other column as read.
    /// </summary>
    public static bool TryMove(PreparedStatements statements, Exchange moved, ExchangeStatus statusRead)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(moved);
        return statements.Execute(MoveSql, [.. StepColumns(moved), ("@id", moved.Id), ("@statusRead", statusRead.ToString())]) == 1;
    }

    /// <summary>Inserts a new exchange and returns its id.</summary>
    public static long Insert(PreparedStatements statements, Exchange exchange)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(exchange);
        return (long)statements.Scalar(InsertSql,
        [
            ("@communityId", exchange.CommunityId),
            ("@providerMemberId", exchange.ProviderMemberId),
            ("@receiverMemberId", exchange.ReceiverMemberId),
            ("@proposedByMemberId", exchange.ProposedByMemberId),
            ("@listingId", exchange.ListingId),
            ("@description", exchange.Description),
            ("@agreedMinutes", exchange.AgreedMinutes),
            ("@completedAt", exchange.CompletedAt),
            ("@createdAt", exchange.CreatedAt),
            ("@version", exchange.Version),
            .. StepColumns(exchange),
        ])!;
    }

    public static void AddTransition(PreparedStatements statements, ExchangeTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(statements);
        statements.Execute(TransitionSql,
            ("@exchangeId", transition.ExchangeId),
            ("@fromStatus", transition.FromStatus?.ToString()),
            ("@toStatus", transition.ToStatus.ToString()),
            ("@action", transition.Action),
            ("@actorUserId", transition.ActorUserId),
            ("@principalMemberId", transition.PrincipalMemberId),
            ("@minutes", transition.Minutes),
            ("@note", transition.Note),
            ("@at", transition.At));
    }

    /// <summary>The columns a step may change, bound the same way whether the exchange is inserted or moved.</summary>
    private static (string Name, object? Value)[] StepColumns(Exchange exchange) =>
    [
        ("@status", exchange.Status.ToString()),
        ("@updatedAt", exchange.UpdatedAt),
        ("@holdId", exchange.HoldId),
        ("@actualMinutes", exchange.ActualMinutes),
        ("@entrySequence", exchange.SettlementEntrySequence),
        ("@settledAt", exchange.SettledAt),
    ];
}
