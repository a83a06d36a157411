namespace TimeBank.Ledger.Exports;

/// <summary>
/// <c>period-closes.csv</c> (each close in the cut, with its link position) and <c>period-balances.csv</c> (the balance
/// snapshot each close stored, which the verifier proves against the postings and the close's digest).
/// </summary>
internal static class PeriodClosesCsv
{
    public const string ClosesHeader =
        "position,close_id,ends_at_unix_ms,ends_at,last_sequence,balances_digest,chain_head_hash,recorded_at_unix_ms\n";

    public const string BalancesHeader = "close_id,account_id,balance_minutes\n";

    public static async Task<long> WriteClosesAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(ClosesHeader);
        await using var command = snapshot.Command("""
            SELECT l."Position", c."Id", c."EndsAtUnixMs", c."LastSequence", c."BalancesDigest", c."ChainHeadHash", c."RecordedAtUnixMs"
            FROM "LedgerChainLinks" l JOIN "LedgerPeriodCloses" c ON c."Id" = l."RecordId"
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'close'
            ORDER BY l."Position"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var line = new CsvLine();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            line.Add(reader.GetInt64(0)).Add(reader.GetInt64(1)).Add(reader.GetInt64(2)).AddTime(reader.GetInt64(2)).Add(reader.GetInt64(3))
                .Add(reader.GetString(4)).Add(reader.GetString(5)).Add(reader.GetInt64(6));
            await output.WriteAsync(line.Take());
        }
        return count;
    }

    public static async Task<long> WriteBalancesAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(BalancesHeader);
        await using var command = snapshot.Command("""
            SELECT b."CloseId", b."AccountId", b."BalanceMinutes"
            FROM "LedgerChainLinks" l JOIN "LedgerPeriodBalances" b ON b."CloseId" = l."RecordId"
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'close'
            ORDER BY l."Position", b."AccountId"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var line = new CsvLine();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            line.Add(reader.GetInt64(0)).Add(reader.GetInt64(1)).Add(reader.GetInt64(2));
            await output.WriteAsync(line.Take());
        }
        return count;
    }
}
