using System.Globalization;
using TimeBank.Ledger.Reads;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// <c>journal.hledger</c>: the group's entries in hledger's journal format, amounts as balance changes in the commodity
/// <c>min</c> (credit +, debit -), so <c>hledger balance</c> prints each account's balance as the ledger defines it. Every
/// account is declared, so <c>hledger check accounts commodities</c> passes only on a file that names nothing else.
/// </summary>
internal static class HledgerJournal
{
    public static async Task<long> WriteAsync(ExportSnapshot snapshot, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"; TimeBank ledger group {Clean(snapshot.LedgerGroup)}: amounts are balance changes in minutes (credit +, debit -).\n"));
        await output.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"; Chain head: position {snapshot.HeadPosition}, hash {snapshot.HeadHash}.\n"));
        // The decimal point tells hledger the style: whole minutes, no thousands separator.
        await output.WriteAsync("commodity 1. min\n\n");
        await using (var command = snapshot.Command("""
            SELECT a."Code" FROM "LedgerChainLinks" l JOIN "LedgerAccounts" a ON a."Id" = l."RecordId"
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'account'
            ORDER BY l."Position"
            """))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                await output.WriteAsync("account " + HledgerJournalExport.AccountName(snapshot.LedgerGroup, reader.GetString(0)) + "\n");
            }
        }

        await using var entries = snapshot.Command("""
            SELECT l."Position", l."Hash", e."Sequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs",
                   a."Code", p."Side", p."AmountMinutes"
            FROM "LedgerChainLinks" l
            JOIN "LedgerEntries" e ON e."Sequence" = l."RecordId"
            JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
            JOIN "LedgerAccounts" a ON a."Id" = p."AccountId"
            WHERE l."LedgerGroup" = @group AND l."Position" <= @head AND l."RecordType" = 'entry'
            ORDER BY l."Position", p."Index"
            """);
        await using var rows = await entries.ExecuteReaderAsync(cancellationToken);
        long current = -1, count = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            var sequence = rows.GetInt64(2);
            if (sequence != current)
            {
                current = sequence;
                count++;
                var memo = rows.TextOrNull(4);
                var effective = DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(5)).UtcDateTime;
                var recorded = DateTimeOffset.FromUnixTimeMilliseconds(rows.GetInt64(6)).UtcDateTime;
                var description = Clean(rows.GetString(3) + (memo is null ? "" : " | " + memo));
                await output.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"\n{effective:yyyy-MM-dd} * ({sequence}) {description}\n    ; recorded:{recorded:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}, position:{rows.GetInt64(0)}, hash:{rows.GetString(1)}\n"));
            }
            var amount = rows.GetInt64(9);
            var signedMinutes = rows.GetString(8) == "Credit" ? amount : -amount;
            await output.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {HledgerJournalExport.AccountName(snapshot.LedgerGroup, rows.GetString(7))}    {signedMinutes} min\n"));
        }
        return count;
    }

    // A description is one line, and ';' would start a comment inside it.
    private static string Clean(string text) => text.Replace(';', ',').Replace('\n', ' ').Replace('\r', ' ');
}
