using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Features.Challenges.Contributions;

/// <summary>
/// A verified contribution's row, written in the ledger writer's transaction beside the entry that pays it (see
/// <see cref="PreparedStatements"/>). The status read is the guard: a contribution that another call verified or
/// rejected meanwhile is not written again, and its payment rolls back with it.
/// </summary>
public static class ContributionRows
{
    private const string VerifySql = """
        UPDATE "ChallengeContributions"
        SET "Status" = @verified, "DecidedByUserId" = @decidedBy, "DecidedAt" = @decidedAt, "PaymentEntrySequence" = @entrySequence,
            "Version" = "Version" + 1
        WHERE "Id" = @id AND "Status" = @logged
        """;

    /// <summary>Marks the contribution VERIFIED and paid by <paramref name="entrySequence"/>; false, and nothing written, if it is no longer LOGGED.</summary>
    public static bool TryVerify(PreparedStatements statements, long contributionId, long decidedByUserId, DateTime decidedAt, long entrySequence)
    {
        ArgumentNullException.ThrowIfNull(statements);
        return statements.Execute(VerifySql,
            ("@verified", nameof(ContributionStatus.Verified)),
            ("@decidedBy", decidedByUserId),
            ("@decidedAt", decidedAt),
            ("@entrySequence", entrySequence),
            ("@id", contributionId),
            ("@logged", nameof(ContributionStatus.Logged))) == 1;
    }
}
