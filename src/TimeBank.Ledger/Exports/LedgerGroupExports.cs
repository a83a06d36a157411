using System.Text;
using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// The exports of one ledger group (one community) an auditor takes away. Each reads one snapshot (one read
/// transaction) of the group's chain, cut at the last link recorded at or before <c>asOf</c>, and streams it to
/// <c>output</c> row by row straight from the data reader: memory stays flat whatever the ledger's size. The output is
/// written with asynchronous calls only, so it may be an HTTP response body.
/// </summary>
public static class LedgerGroupExports
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary><c>journal.csv</c>: one line per posting, with every field of the entry's canonical text and its chain link.</summary>
    public static Task WriteJournalCsvAsync(
        this DbContext context, string ledgerGroup, DateTimeOffset asOf, Stream output, CancellationToken cancellationToken = default) =>
        WriteTextAsync(context, ledgerGroup, asOf, output, JournalCsv.WriteAsync, cancellationToken);

    /// <summary><c>journal.hledger</c>: the group's journal for <c>hledger</c> (credit +, debit -, in the commodity <c>min</c>).</summary>
    public static Task WriteHledgerJournalAsync(
        this DbContext context, string ledgerGroup, DateTimeOffset asOf, Stream output, CancellationToken cancellationToken = default) =>
        WriteTextAsync(context, ledgerGroup, asOf, output, HledgerJournal.WriteAsync, cancellationToken);

    /// <summary><c>balances.csv</c>: every account's posted balance at the cut.</summary>
    public static Task WriteBalancesCsvAsync(
        this DbContext context, string ledgerGroup, DateTimeOffset asOf, Stream output, CancellationToken cancellationToken = default) =>
        WriteTextAsync(context, ledgerGroup, asOf, output, BalancesCsv.WriteAsync, cancellationToken);

    /// <summary>The evidence pack (a zip, see docs/auditing.md); returns what its manifest says.</summary>
    public static Task<EvidencePackManifest> WriteEvidencePackAsync(
        this DbContext context, string ledgerGroup, DateTimeOffset asOf, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        return ExportSnapshot.ReadAsync(context, ledgerGroup, asOf, snapshot => EvidencePack.WriteAsync(snapshot, output, cancellationToken), cancellationToken);
    }

    internal static StreamWriter TextWriterOn(Stream stream) => new(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };

    private static Task<bool> WriteTextAsync<T>(
        DbContext context, string ledgerGroup, DateTimeOffset asOf, Stream output,
        Func<ExportSnapshot, TextWriter, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        return ExportSnapshot.ReadAsync(context, ledgerGroup, asOf, async snapshot =>
        {
            await using var writer = TextWriterOn(output);
            await write(snapshot, writer, cancellationToken);
            return true;
        }, cancellationToken);
    }
}
