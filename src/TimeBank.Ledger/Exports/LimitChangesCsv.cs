namespace TimeBank.Ledger.Exports;

/// <summary><c>limit-changes.csv</c>: every change of an account's limits in the cut, with its link position.</summary>
internal static class LimitChangesCsv
{
    public const string Header = "position,limit_change_id,account_id,from_sequence,floor_minutes,ceiling_minutes,recorded_at_unix_ms\n";

    public static async Task<long> WriteAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Header);
        await using var command = snapshot.Command("""
            SELECT l."Position", c."Id", c."AccountId", c."EffectiveFromSequence", c."FloorMinutes", c."CeilingMinutes", c."RecordedAtUnixMs"
            FROM "LedgerChainLinks" l JOIN "LedgerLimitChanges" c ON c."Id" = l."RecordId"
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'limits'
            ORDER BY l."Position"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var line = new CsvLine();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            line.Add(reader.GetInt64(0)).Add(reader.GetInt64(1)).Add(reader.GetInt64(2)).Add(reader.GetInt64(3))
                .Add(reader.NumberOrNull(4)).Add(reader.NumberOrNull(5)).Add(reader.GetInt64(6));
            await output.WriteAsync(line.Take());
        }
        return count;
    }
}
