using System.Data.Common;
using System.Threading.Channels;
using TimeBank.Ledger.Hashing;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>
/// Streams every entry with its postings in sequence order: one query over the postings' primary key, so
/// reading a million postings is a sequential pass in constant memory.
/// </summary>
internal static class JournalScan
{
    /// <summary>
    /// Calls <paramref name="visit"/> once per entry, in sequence order. Reading runs on its own task, a
    /// bounded queue ahead of the visitor, so SQLite and the hashing share the machine's cores.
    /// </summary>
    public static async Task ReadAsync(
        DbConnection connection, DbTransaction? transaction,
        Action<EntryRecord, string, PostingRecord[]> visit, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<(EntryRecord Entry, string Hash, PostingRecord[] Postings)>(
            new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                await ProduceAsync(connection, transaction, queue.Writer, stop.Token);
                queue.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                queue.Writer.TryComplete(ex);
                throw;
            }
        }, stop.Token);
        try
        {
            await foreach (var (entry, hash, postings) in queue.Reader.ReadAllAsync(stop.Token))
            {
                visit(entry, hash, postings);
            }
        }
        finally
        {
            // A visitor that throws must not leave the reader blocked on a full queue.
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Expected when the visitor stopped early; its own exception is the one that matters.
            }
        }
    }

    private static async Task ProduceAsync(
        DbConnection connection, DbTransaction? transaction,
        ChannelWriter<(EntryRecord, string, PostingRecord[])> output, CancellationToken cancellationToken)
    {
        await using var command = LedgerConnection.Command(connection, transaction, """
            SELECT e."Sequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs", e."ActorId", e."PrincipalId",
                   e."PolicyVersion", e."IdempotencyKey", e."CauseType", e."CauseId", e."ReversesSequence", e."HoldId", e."Hash",
                   p."Index", p."AccountId", p."Side", p."AmountMinutes", p."BalanceAfterMinutes",
                   e."HashFormat", e."MemoSalt", e."MemoDigest"
            FROM "LedgerEntries" e LEFT JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
            ORDER BY e."Sequence", p."Index"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        EntryRecord? entry = null;
        string? storedHash = null;
        var postings = new List<PostingRecord>(4);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            if (entry is null || entry.Sequence != sequence)
            {
                if (entry is not null)
                {
                    await output.WriteAsync((entry, storedHash!, postings.ToArray()), cancellationToken);
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
            await output.WriteAsync((entry, storedHash!, postings.ToArray()), cancellationToken);
        }
    }

    /// <summary>The entry columns of <see cref="EntryColumns"/> from <paramref name="at"/> on.</summary>
    internal static EntryRecord ReadEntry(DbDataReader reader, int at) => new(
        reader.GetInt64(at),
        Enum.TryParse<EntryKind>(reader.GetString(at + 1), out var kind) ? kind : (EntryKind)(-1),
        reader.IsDBNull(at + 2) ? null : reader.GetString(at + 2),
        reader.GetInt64(at + 3),
        reader.GetInt64(at + 4),
        reader.GetString(at + 5),
        reader.GetString(at + 6),
        reader.IsDBNull(at + 7) ? null : reader.GetInt32(at + 7),
        reader.GetString(at + 8),
        reader.IsDBNull(at + 9) ? null : reader.GetString(at + 9),
        reader.IsDBNull(at + 10) ? null : reader.GetString(at + 10),
        reader.IsDBNull(at + 11) ? null : reader.GetInt64(at + 11),
        reader.IsDBNull(at + 12) ? null : reader.GetInt64(at + 12),
        reader.GetInt32(at + 13),
        reader.IsDBNull(at + 14) ? null : reader.GetString(at + 14),
        reader.IsDBNull(at + 15) ? null : reader.GetString(at + 15));

    /// <summary>An entry's columns as <see cref="ReadEntry(DbDataReader, int)"/> reads them, for table alias <c>e</c>.</summary>
    internal const string EntryColumns = """
        e."Sequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs", e."ActorId", e."PrincipalId",
        e."PolicyVersion", e."IdempotencyKey", e."CauseType", e."CauseId", e."ReversesSequence", e."HoldId",
        e."HashFormat", e."MemoSalt", e."MemoDigest"
        """;

    /// <summary>A posting's columns (alias <c>p</c>: index, account, side, amount, balance after) from <paramref name="at"/> on; null when the index is null.</summary>
    internal static PostingRecord? ReadPosting(DbDataReader reader, int at) => reader.IsDBNull(at) ? null : new PostingRecord(
        reader.GetInt32(at), reader.GetInt64(at + 1),
        // An unknown side (only possible by tampering) must still be read, to be reported.
        reader.GetString(at + 2) switch { "Debit" => PostingSide.Debit, "Credit" => PostingSide.Credit, _ => (PostingSide)(-1) },
        reader.GetInt64(at + 3), reader.GetInt64(at + 4));

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
        reader.IsDBNull(12) ? null : reader.GetInt64(12),
        reader.GetInt32(19),
        reader.IsDBNull(20) ? null : reader.GetString(20),
        reader.IsDBNull(21) ? null : reader.GetString(21));
}
