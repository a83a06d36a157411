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
    private const string MoveSql = """
        UPDATE "Exchanges"
        SET "Status" = @to, "UpdatedAt" = @now, "Version" = "Version" + 1,
            "HoldId" = COALESCE(@holdId, "HoldId"),
            "ActualMinutes" = COALESCE(@actualMinutes, "ActualMinutes"),
            "SettlementEntrySequence" = COALESCE(@entrySequence, "SettlementEntrySequence"),
            "SettledAt" = COALESCE(@settledAt, "SettledAt")
        WHERE "Id" = @id AND "Status" = @expected
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
    /// Moves the exchange from <paramref name="expected"/> to <paramref name="to"/>, setting the ledger's
    /// references given; false, and nothing written, when another move came first.
    /// </summary>
    public static bool TryMove(
        TimeBankDbContext tx, long exchangeId, ExchangeStatus expected, ExchangeStatus to, DateTime now, long? holdId, ExchangeSettlement? settlement) =>
        PreparedStatements.Of(tx).Execute(MoveSql,
            ("@to", to.ToString()),
            ("@now", now),
            ("@holdId", holdId),
            ("@actualMinutes", settlement?.Minutes),
            ("@entrySequence", settlement?.EntrySequence),
            ("@settledAt", settlement is null ? null : now),
            ("@id", exchangeId),
            ("@expected", expected.ToString())) == 1;

    /// <summary>Inserts a new exchange and returns its id.</summary>
    public static long Insert(TimeBankDbContext tx, Exchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return (long)PreparedStatements.Of(tx).Scalar(InsertSql,
            ("@communityId", exchange.CommunityId),
            ("@providerMemberId", exchange.ProviderMemberId),
            ("@receiverMemberId", exchange.ReceiverMemberId),
            ("@proposedByMemberId", exchange.ProposedByMemberId),
            ("@listingId", exchange.ListingId),
            ("@description", exchange.Description),
            ("@agreedMinutes", exchange.AgreedMinutes),
            ("@actualMinutes", exchange.ActualMinutes),
            ("@status", exchange.Status.ToString()),
            ("@holdId", exchange.HoldId),
            ("@entrySequence", exchange.SettlementEntrySequence),
            ("@completedAt", exchange.CompletedAt),
            ("@settledAt", exchange.SettledAt),
            ("@createdAt", exchange.CreatedAt),
            ("@updatedAt", exchange.UpdatedAt),
            ("@version", exchange.Version))!;
    }

    public static void AddTransition(TimeBankDbContext tx, ExchangeTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        PreparedStatements.Of(tx).Execute(TransitionSql,
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
}

/// <summary>What settling wrote on the ledger: the minutes posted and the entry that posted them.</summary>
public sealed record ExchangeSettlement(int Minutes, long EntrySequence);
