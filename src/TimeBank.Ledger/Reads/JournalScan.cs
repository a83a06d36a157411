using System.Data.Common;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>
/// Streams every entry with its postings in sequence order: one query over the postings' primary key, so
/// reading a million postings is a sequential pass in constant memory.
/// </summary>
internal static class JournalScan
{
    /// <summary>Calls <paramref name="visit"/> per entry; the postings list is reused, copy it to keep it.</summary>
    public static async Task ReadAsync(
        DbConnection connection, DbTransaction? transaction,
        Func<EntryRecord, string, IReadOnlyList<PostingRecord>, bool> visit, CancellationToken cancellationToken)
    {
        await using var command = LedgerConnection.Command(connection, transaction, """
            SELECT e."Sequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs", e."ActorId", e."PrincipalId",
                   e."PolicyVersion", e."IdempotencyKey", e."CauseType", e."CauseId", e."ReversesSequence", e."HoldId", e."Hash",
                   p."Index", p."AccountId", p."Side", p."AmountMinutes", p."BalanceAfterMinutes"
            FROM "LedgerEntries" e LEFT JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
            ORDER BY e."Sequence", p."Index"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        EntryRecord? entry = null;
        string? storedHash = null;
        var postings = new List<PostingRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            if (entry is null || entry.Sequence != sequence)
            {
                if (entry is not null)
                {
                    visit(entry, storedHash!, postings);
                }
                entry = ReadEntry(reader);
                storedHash = reader.GetString(13);
                postings.Clear();
            }
            if (!reader.IsDBNull(14))
            {
                postings.Add(new PostingRecord(
                    reader.GetInt32(14), reader.GetInt64(15),
                    // An unknown side (only possible by tampering) must still be read, to be reported.
                    reader.GetString(16) switch { "Debit" => PostingSide.Debit, "Credit" => PostingSide.Credit, _ => (PostingSide)(-1) },
                    reader.GetInt64(17), reader.GetInt64(18)));
            }
        }
        if (entry is not null)
        {
            visit(entry, storedHash!, postings);
        }
    }

    private static EntryRecord ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(0),
        Enum.TryParse<EntryKind>(reader.GetString(1), out var kind) ? kind : (EntryKind)(-1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetInt64(11),
        reader.IsDBNull(12) ? null : reader.GetInt64(12));
}
