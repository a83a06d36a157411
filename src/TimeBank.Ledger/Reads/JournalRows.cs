using System.Data.Common;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>One posting with its entry and account, as both journal exports stream them.</summary>
internal sealed record JournalRow(
    long Sequence, EntryKind Kind, string? Memo, DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, string ActorId,
    string PrincipalId, int? PolicyVersion, string IdempotencyKey, string? CauseType, string? CauseId, long? ReversesSequence,
    string Hash, int Index, long AccountId, string LedgerGroup, string AccountCode, PostingSide Side, long AmountMinutes,
    long BalanceAfterMinutes);

internal static class JournalRows
{
    public static async IAsyncEnumerable<JournalRow> ReadAsync(
        DbConnection connection, DbTransaction? transaction, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = LedgerConnection.Command(connection, transaction, """
            SELECT e."Sequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs", e."ActorId", e."PrincipalId",
                   e."PolicyVersion", e."IdempotencyKey", e."CauseType", e."CauseId", e."ReversesSequence", e."Hash",
                   p."Index", p."AccountId", a."LedgerGroup", a."Code", p."Side", p."AmountMinutes", p."BalanceAfterMinutes"
            FROM "LedgerEntries" e
            JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
            JOIN "LedgerAccounts" a ON a."Id" = p."AccountId"
            ORDER BY e."Sequence", p."Index"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new JournalRow(
                reader.GetInt64(0), Enum.Parse<EntryKind>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetInt64(11), reader.GetString(12), reader.GetInt32(13), reader.GetInt64(14),
                reader.GetString(15), reader.GetString(16), Enum.Parse<PostingSide>(reader.GetString(17)), reader.GetInt64(18),
                reader.GetInt64(19));
        }
    }
}
