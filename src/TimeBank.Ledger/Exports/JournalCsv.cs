namespace TimeBank.Ledger.Exports;

/// <summary>
/// <c>journal.csv</c>: one line per posting of the group's entries in chain order, with every field of the entry's
/// canonical text (docs/ledger.md) and its link (position, previous hash, hash), so anyone can recompute the chain.
/// </summary>
internal static class JournalCsv
{
    public const string Header =
        "position,previous_hash,hash,sequence,hash_format,kind,memo,memo_digest,effective_at_unix_ms,recorded_at_unix_ms," +
        "effective_at,recorded_at,actor,principal,policy_version,idempotency_key,cause_type,cause_id,reverses,hold_id," +
        "posting_index,account_id,account_code,side,amount_minutes,balance_after_minutes\n";

    /// <summary>Writes the file; returns the number of entries and of postings written.</summary>
    public static async Task<(long Entries, long Postings)> WriteAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Header);
        // Links in position order, each entry with its postings by their primary key: a sequential pass, no sort.
        await using var command = snapshot.Command("""
            SELECT l."Position", l."PreviousHash", l."Hash", e."Sequence", e."HashFormat", e."Kind", e."Memo", e."MemoDigest",
                   e."EffectiveAtUnixMs", e."RecordedAtUnixMs", e."ActorId", e."PrincipalId", e."PolicyVersion", e."IdempotencyKey",
                   e."CauseType", e."CauseId", e."ReversesSequence", e."HoldId",
                   p."Index", p."AccountId", a."Code", p."Side", p."AmountMinutes", p."BalanceAfterMinutes"
            FROM "LedgerChainLinks" l
            JOIN "LedgerEntries" e ON e."Sequence" = l."RecordId"
            JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
            JOIN "LedgerAccounts" a ON a."Id" = p."AccountId"
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'entry'
            ORDER BY l."Position", p."Index"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var line = new CsvLine();
        long entries = 0, postings = 0, current = -1;
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(3);
            if (sequence != current)
            {
                current = sequence;
                entries++;
            }
            postings++;
            line.Add(reader.GetInt64(0)).Add(reader.GetString(1)).Add(reader.GetString(2)).Add(sequence).Add(reader.GetInt64(4))
                .Add(reader.GetString(5)).Add(reader.TextOrNull(6)).Add(reader.TextOrNull(7))
                .Add(reader.GetInt64(8)).Add(reader.GetInt64(9)).AddTime(reader.GetInt64(8)).AddTime(reader.GetInt64(9))
                .Add(reader.GetString(10)).Add(reader.GetString(11)).Add(reader.NumberOrNull(12)).Add(reader.GetString(13))
                .Add(reader.TextOrNull(14)).Add(reader.TextOrNull(15)).Add(reader.NumberOrNull(16)).Add(reader.NumberOrNull(17))
                .Add(reader.GetInt64(18)).Add(reader.GetInt64(19)).Add(reader.GetString(20)).Add(reader.GetString(21))
                .Add(reader.GetInt64(22)).Add(reader.GetInt64(23));
            await output.WriteAsync(line.Take());
        }
        return (entries, postings);
    }
}
