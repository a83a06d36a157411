using System.Globalization;
using TimeBank.Api.Data;
using TimeBank.Api.Events;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Audit;

/// <summary>
/// <c>ledgerEntryPosted</c>: every ledger entry the API writes, told to the subscribed auditors and coordinators of its
/// community. Written by <see cref="PreparedStatements.SubmitAsync"/>, the one way the API writes entries, in the
/// writer's transaction, so no entry commits without its event and no event tells of an entry that rolled back.
/// </summary>
public static class LedgerEntryPosted
{
    public static readonly EventTopic<LedgerEntryPostedEvent> Topic = new("ledgerEntryPosted");

    // The entry's community, by its first posting's account: three primary-key or unique-index seeks, on the writer's connection.
    private const string CommunityOfEntrySql = """
        SELECT c."Id" FROM "LedgerPostings" p
        JOIN "LedgerAccounts" a ON a."Id" = p."AccountId"
        JOIN "Communities" c ON c."LedgerGroup" = a."LedgerGroup"
        WHERE p."EntrySequence" = @sequence AND p."Index" = 0
        """;

    /// <summary>
    /// Adds the event when <paramref name="written"/> wrote an entry. The audience is left open and the subscription
    /// keeps its community's events for callers it checked: who reads a ledger changes with roles, which the writer's
    /// thread should not look up on every entry.
    /// </summary>
    public static void Tell(PreparedStatements statements, LedgerResult written, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(written);
        if (written.EntrySequence is not { } sequence || statements.Scalar(CommunityOfEntrySql, ("@sequence", sequence)) is not { } found || found is DBNull)
        {
            return;
        }
        var communityId = Convert.ToInt64(found, CultureInfo.InvariantCulture);
        OutboxWriter.OnLedgerWriter(statements, clock).Add(Topic, new LedgerEntryPostedEvent(communityId, sequence), []);
    }
}

/// <summary>A ledger entry was written in a community's ledger.</summary>
public sealed record LedgerEntryPostedEvent(long CommunityId, long EntrySequence);
