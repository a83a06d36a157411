using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger.Reads;

public static class CsvJournalExport
{
    public const string Header =
        "sequence,recorded_at,effective_at,kind,memo,actor,principal,policy_version,idempotency_key,cause_type,cause_id," +
        "reverses,hash,posting_index,account_id,ledger_group,account_code,side,amount_minutes,balance_after_minutes";

    /// <summary>
    /// Writes the whole journal as RFC 4180 CSV, one line per posting in sequence order, times in ISO-8601 UTC.
    /// Streams, so the size of the ledger does not matter.
    /// </summary>
    public static Task WriteCsvJournalAsync(this DbContext context, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        return LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            await output.WriteAsync(Header + "\n");
            await foreach (var row in JournalRows.ReadAsync(connection, transaction, cancellationToken))
            {
                string[] fields =
                [
                    Number(row.Sequence), Time(row.RecordedAt), Time(row.EffectiveAt), row.Kind.ToString(), row.Memo ?? "",
                    row.ActorId, row.PrincipalId, row.PolicyVersion?.ToString(CultureInfo.InvariantCulture) ?? "",
                    row.IdempotencyKey, row.CauseType ?? "", row.CauseId ?? "",
                    row.ReversesSequence is { } reverses ? Number(reverses) : "", row.Hash, Number(row.Index),
                    Number(row.AccountId), row.LedgerGroup, row.AccountCode, row.Side.ToString(), Number(row.AmountMinutes),
                    Number(row.BalanceAfterMinutes),
                ];
                await output.WriteAsync(string.Join(',', fields.Select(Quote)) + "\n");
            }
            return true;
        }, cancellationToken);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
