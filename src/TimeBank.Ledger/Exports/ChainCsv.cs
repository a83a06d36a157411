namespace TimeBank.Ledger.Exports;

/// <summary><c>chain.csv</c>: every link of the group's chain in the cut, in position order.</summary>
internal static class ChainCsv
{
    public const string Header = "position,record_type,record_id,previous_hash,hash,recorded_at_unix_ms\n";

    public static async Task<long> WriteAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Header);
        await using var command = snapshot.Command("""
            SELECT "Position", "RecordType", "RecordId", "PreviousHash", "Hash", "RecordedAtUnixMs" FROM "LedgerChainLinks"
            WHERE "LedgerGroup" = @group AND "Position" <= @head
            ORDER BY "Position"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var line = new CsvLine();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            line.Add(reader.GetInt64(0)).Add(reader.GetString(1)).Add(reader.GetInt64(2)).Add(reader.GetString(3)).Add(reader.GetString(4))
                .Add(reader.GetInt64(5));
            await output.WriteAsync(line.Take());
        }
        return count;
    }
}
