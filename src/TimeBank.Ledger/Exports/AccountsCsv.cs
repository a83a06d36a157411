using TimeBank.Ledger.Reads;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// <c>accounts.csv</c>: every account of the group in the cut, with the fields of its canonical text (the limits it
/// opened with) and its name in <c>journal.hledger</c>.
/// </summary>
internal static class AccountsCsv
{
    public const string Header =
        "position,account_id,code,kind,floor_minutes,ceiling_minutes,opened_at_unix_ms,opened_at,hledger_account\n";

    public static async Task<long> WriteAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Header);
        // The first change of an account's limits keeps the ones it opened with at sequence 0; without one they never changed.
        await using var command = snapshot.Command("""
            SELECT l."Position", a."Id", a."Code", a."Kind",
                   CASE WHEN o."Id" IS NULL THEN a."FloorMinutes" ELSE o."FloorMinutes" END,
                   CASE WHEN o."Id" IS NULL THEN a."CeilingMinutes" ELSE o."CeilingMinutes" END,
                   a."OpenedAtUnixMs"
            FROM "LedgerChainLinks" l
            JOIN "LedgerAccounts" a ON a."Id" = l."RecordId"
            LEFT JOIN "LedgerLimitChanges" o ON o."AccountId" = a."Id" AND o."EffectiveFromSequence" = 0
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'account'
            ORDER BY l."Position"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var line = new CsvLine();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            var code = reader.GetString(2);
            line.Add(reader.GetInt64(0)).Add(reader.GetInt64(1)).Add(code).Add(reader.GetString(3))
                .Add(reader.NumberOrNull(4)).Add(reader.NumberOrNull(5)).Add(reader.GetInt64(6)).AddTime(reader.GetInt64(6))
                .Add(HledgerJournalExport.AccountName(snapshot.LedgerGroup, code));
            await output.WriteAsync(line.Take());
        }
        return count;
    }
}
