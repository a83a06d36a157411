using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

public static class HledgerJournalExport
{
    /// <summary>
    /// Writes the journal in hledger's plain-text format. Amounts are balance changes in the commodity
    /// <c>min</c>: a credit is positive and a debit negative, so <c>hledger balance</c> prints each account's
    /// balance exactly as the ledger defines it (credits - debits). Accounts are named
    /// <c>ledger-group:account-code</c>, with characters hledger treats specially replaced by <c>_</c>.
    /// </summary>
    public static Task WriteHledgerJournalAsync(this DbContext context, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        return LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            await output.WriteAsync("; TimeBank ledger export: amounts are balance changes in minutes (credit +, debit -).\n");
            // The decimal point tells hledger the style: whole minutes, no thousands separator.
            await output.WriteAsync("commodity 1. min\n");
            long current = 0;
            await foreach (var row in JournalRows.ReadAsync(connection, transaction, cancellationToken))
            {
                if (row.Sequence != current)
                {
                    current = row.Sequence;
                    var description = Clean($"{row.Kind}{(row.Memo is null ? "" : " | " + row.Memo)}");
                    await output.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                        $"\n{row.EffectiveAt.UtcDateTime:yyyy-MM-dd} * ({row.Sequence}) {description}\n" +
                        $"    ; recorded:{row.RecordedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}, hash:{row.Hash}\n"));
                }
                var signedMinutes = row.Side == PostingSide.Credit ? row.AmountMinutes : -row.AmountMinutes;
                await output.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    {AccountName(row.LedgerGroup, row.AccountCode)}    {signedMinutes} min\n"));
            }
            return true;
        }, cancellationToken);
    }

    /// <summary>The hledger account name for an account, as the export writes it.</summary>
    public static string AccountName(string ledgerGroup, string code) => $"{Segment(ledgerGroup)}:{Segment(code)}";

    private static string Segment(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            // Colons would split the name, ';' starts a comment, and whitespace could end the account name.
            builder.Append(char.IsWhiteSpace(c) || c is ':' or ';' or '(' or ')' or '[' or ']' ? '_' : c);
        }
        return builder.ToString();
    }

    private static string Clean(string text) =>
        text.Replace(';', ',').Replace('\n', ' ').Replace('\r', ' ');
}
