using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>The outcome of recomputing the hash chain; <see cref="FirstBrokenSequence"/> names where it breaks.</summary>
public sealed record ChainVerification(bool IsValid, long EntriesChecked, long? FirstBrokenSequence, string? Reason);

public static class ChainVerifier
{
    /// <summary>
    /// Recomputes every entry's hash from the first, streaming entries and postings in sequence order (one
    /// pass, constant memory), and stops at the first entry whose sequence or hash is not what it should be.
    /// </summary>
    public static Task<ChainVerification> VerifyLedgerChainAsync(this DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            await using var command = LedgerConnection.Command(connection, transaction, """
                SELECT e."Sequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs", e."ActorId", e."PrincipalId",
                       e."PolicyVersion", e."IdempotencyKey", e."CauseType", e."CauseId", e."ReversesSequence", e."HoldId", e."Hash",
                       p."Index", p."AccountId", p."Side", p."AmountMinutes", p."BalanceAfterMinutes"
                FROM "LedgerEntries" e LEFT JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
                ORDER BY e."Sequence", p."Index"
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);

            var previousHash = EntryHash.Genesis;
            long checkedCount = 0;
            EntryRecord? entry = null;
            string? storedHash = null;
            var postings = new List<PostingRecord>();

            ChainVerification? Finish()
            {
                if (entry is null)
                {
                    return null;
                }
                checkedCount++;
                if (entry.Sequence != checkedCount)
                {
                    return new ChainVerification(false, checkedCount, entry.Sequence, $"expected sequence {checkedCount}, found {entry.Sequence}");
                }
                var computed = EntryHash.Compute(previousHash, entry, postings);
                if (!string.Equals(computed, storedHash, StringComparison.Ordinal))
                {
                    return new ChainVerification(false, checkedCount, entry.Sequence, "stored hash does not match the entry and its postings");
                }
                previousHash = computed;
                return null;
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                var sequence = reader.GetInt64(0);
                if (entry is null || entry.Sequence != sequence)
                {
                    if (Finish() is { } broken)
                    {
                        return broken;
                    }
                    entry = ReadEntry(reader);
                    storedHash = reader.GetString(13);
                    postings.Clear();
                }
                if (!reader.IsDBNull(14))
                {
                    postings.Add(new PostingRecord(
                        reader.GetInt32(14), reader.GetInt64(15),
                        Enum.TryParse<PostingSide>(reader.GetString(16), out var side) ? side : (PostingSide)(-1),
                        reader.GetInt64(17), reader.GetInt64(18)));
                }
            }
            return Finish() ?? new ChainVerification(true, checkedCount, null, null);
        }, cancellationToken);
    }

    internal static EntryRecord ReadEntry(DbDataReader reader) => new(
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
