using TimeBank.Ledger.Reads;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// <c>balances.csv</c>: each account's posted balance at the cut, read as the running balance of its last posting up to
/// the cut's last entry (one index seek per account, whatever the journal's length). Pending holds are not balances.
/// </summary>
internal static class BalancesCsv
{
    public const string Header = "account_id,code,kind,hledger_account,balance_minutes,last_entry_sequence\n";

    /// <summary>Writes the file; returns the number of accounts and the sum of their balances (zero for sound books).</summary>
    public static async Task<(long Accounts, long Sum)> WriteAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Header);
        await using var command = snapshot.Command("""
            SELECT a."Id", a."Code", a."Kind",
                   (SELECT p."BalanceAfterMinutes" FROM "LedgerPostings" p WHERE p."AccountId" = a."Id" AND p."EntrySequence" <= @lastEntry
                    ORDER BY p."EntrySequence" DESC LIMIT 1),
                   (SELECT p."EntrySequence" FROM "LedgerPostings" p WHERE p."AccountId" = a."Id" AND p."EntrySequence" <= @lastEntry
                    ORDER BY p."EntrySequence" DESC LIMIT 1)
            FROM "LedgerChainLinks" l
            JOIN "LedgerAccounts" a ON a."Id" = l."RecordId"
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'account'
            ORDER BY a."Id"
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var line = new CsvLine();
        long count = 0, sum = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            var balance = reader.IsDBNull(3) ? 0 : reader.GetInt64(3);
            sum += balance;
            var code = reader.GetString(1);
            line.Add(reader.GetInt64(0)).Add(code).Add(reader.GetString(2)).Add(HledgerJournalExport.AccountName(snapshot.LedgerGroup, code))
                .Add(balance).Add(reader.NumberOrNull(4));
            await output.WriteAsync(line.Take());
        }
        return (count, sum);
    }
}
