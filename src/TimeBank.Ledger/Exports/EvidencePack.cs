using System.IO.Compression;
using System.Text.Json;

namespace TimeBank.Ledger.Exports;

/// <summary>
/// Writes the evidence pack: a zip of the group's export files, <c>README.txt</c>, and <c>manifest.json</c> last (each
/// file's SHA-256 and size, the chain head, the cut, the counts). Each file is hashed while it is compressed, and the zip
/// is written forward only, so the output may be a network stream and memory stays flat whatever the ledger's size.
/// </summary>
internal static class EvidencePack
{
    public static async Task<EvidencePackManifest> WriteAsync(ExportSnapshot snapshot, Stream output, CancellationToken cancellationToken)
    {
        var files = new List<EvidencePackFile>();
        await using var drain = new AsyncDrainStream(output);
        var archive = await ZipArchive.CreateAsync(drain, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);

        async Task<T> AddAsync<T>(string name, Func<TextWriter, Task<T>> write)
        {
            var entry = archive.CreateEntry(name, CompressionLevel.Fastest);
            entry.LastWriteTime = ZipTime(snapshot.AsOf);
            T result;
            await using (var compressed = await entry.OpenAsync(cancellationToken))
            await using (var hashing = new HashingStream(compressed))
            {
                await using (var writer = LedgerGroupExports.TextWriterOn(hashing))
                {
                    result = await write(writer);
                }
                files.Add(new EvidencePackFile(name, hashing.Sha256Hex(), hashing.BytesWritten));
            }
            await drain.DrainAsync(cancellationToken);
            return result;
        }

        var (entries, postings) = await AddAsync("journal.csv", w => JournalCsv.WriteAsync(snapshot, w, cancellationToken));
        await AddAsync("journal.hledger", w => HledgerJournal.WriteAsync(snapshot, w, cancellationToken));
        var accounts = await AddAsync("accounts.csv", w => AccountsCsv.WriteAsync(snapshot, w, cancellationToken));
        var limitChanges = await AddAsync("limit-changes.csv", w => LimitChangesCsv.WriteAsync(snapshot, w, cancellationToken));
        var closes = await AddAsync("period-closes.csv", w => PeriodClosesCsv.WriteClosesAsync(snapshot, w, cancellationToken));
        var periodBalances = await AddAsync("period-balances.csv", w => PeriodClosesCsv.WriteBalancesAsync(snapshot, w, cancellationToken));
        var links = await AddAsync("chain.csv", w => ChainCsv.WriteAsync(snapshot, w, cancellationToken));
        var (_, balanceSum) = await AddAsync("balances.csv", w => BalancesCsv.WriteAsync(snapshot, w, cancellationToken));
        await AddAsync("README.txt", async w =>
        {
            await w.WriteAsync(EvidencePackReadme.Text(snapshot));
            return true;
        });

        var manifest = new EvidencePackManifest(
            snapshot.LedgerGroup, snapshot.AsOf, snapshot.HeadPosition, snapshot.HeadHash, snapshot.LastEntrySequence,
            new EvidencePackCounts(links, entries, postings, accounts, limitChanges, closes, periodBalances, balanceSum), files);
        var entryOfManifest = archive.CreateEntry("manifest.json", CompressionLevel.Fastest);
        entryOfManifest.LastWriteTime = ZipTime(snapshot.AsOf);
        await using (var stream = await entryOfManifest.OpenAsync(cancellationToken))
        {
            var json = ManifestJson(manifest);
            await stream.WriteAsync(json, cancellationToken);
        }
        // The central directory, last.
        await archive.DisposeAsync();
        await drain.DrainAsync(cancellationToken);
        return manifest;
    }

    /// <summary>The manifest as the pack carries it: indented JSON, snake_case names, times in ISO-8601 UTC and unix ms.</summary>
    public static byte[] ManifestJson(EvidencePackManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", EvidencePackManifest.Format);
            json.WriteString("ledger_group", manifest.LedgerGroup);
            json.WriteString("as_of", manifest.AsOf.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("as_of_unix_ms", manifest.AsOf.ToUnixTimeMilliseconds());
            json.WriteStartObject("chain_head");
            json.WriteNumber("position", manifest.ChainHeadPosition);
            json.WriteString("hash", manifest.ChainHeadHash);
            json.WriteEndObject();
            json.WriteNumber("last_entry_sequence", manifest.LastEntrySequence);
            json.WriteStartObject("counts");
            json.WriteNumber("links", manifest.Counts.Links);
            json.WriteNumber("entries", manifest.Counts.Entries);
            json.WriteNumber("postings", manifest.Counts.Postings);
            json.WriteNumber("accounts", manifest.Counts.Accounts);
            json.WriteNumber("limit_changes", manifest.Counts.LimitChanges);
            json.WriteNumber("period_closes", manifest.Counts.PeriodCloses);
            json.WriteNumber("period_balances", manifest.Counts.PeriodBalances);
            json.WriteNumber("balance_sum_minutes", manifest.Counts.BalanceSumMinutes);
            json.WriteEndObject();
            json.WriteStartArray("files");
            foreach (var file in manifest.Files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Name);
                json.WriteString("sha256", file.Sha256);
                json.WriteNumber("bytes", file.Bytes);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    // Zip stores local times from 1980 on; the cut's time (UTC) dates every file, so one cut always gives the same bytes.
    private static DateTimeOffset ZipTime(DateTimeOffset asOf) =>
        asOf.Year < 1980 ? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero) : new DateTimeOffset(asOf.UtcDateTime.Ticks, TimeSpan.Zero);
}
