using System.Data.Common;
using System.Threading.Channels;
using TimeBank.Ledger.Hashing;

namespace TimeBank.Ledger.Reads;

/// <summary>One stored link of a group's chain.</summary>
internal readonly record struct LinkRow(long Position, string RecordType, long RecordId, string PreviousHash, string Hash, long RecordedAtUnixMs);

/// <summary>A link as the scan delivers it: for an entry link, the entry (null when it does not exist) and its postings.</summary>
internal sealed record ScannedLink(LinkRow Link, EntryRecord? Entry, PostingRecord[] Postings, bool OperationExists);

/// <summary>
/// Streams a group's links in position order, each entry link with its entry and postings: one query over the links'
/// primary key, with seeks into entries and postings, in constant memory. Reading runs on its own task ahead of the
/// visitor (as in <see cref="JournalScan"/>), so SQLite and the hashing share the machine's cores.
/// </summary>
internal static class GroupChainScan
{
    public static async Task ReadAsync(
        DbConnection connection, DbTransaction? transaction, string ledgerGroup, long fromPosition, long toPosition,
        bool withOperations, Action<ScannedLink> visit, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<ScannedLink>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                await ProduceAsync(connection, transaction, ledgerGroup, fromPosition, toPosition, withOperations, queue.Writer, stop.Token);
                queue.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                queue.Writer.TryComplete(ex);
                throw;
            }
        }, stop.Token);
        try
        {
            await foreach (var link in queue.Reader.ReadAllAsync(stop.Token))
            {
                visit(link);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Expected when the visitor stopped early; its own exception is the one that matters.
            }
        }
    }

    private static async Task ProduceAsync(
        DbConnection connection, DbTransaction? transaction, string ledgerGroup, long fromPosition, long toPosition,
        bool withOperations, ChannelWriter<ScannedLink> output, CancellationToken cancellationToken)
    {
        var operation = withOperations
            ? """, o."IdempotencyKey" IS NOT NULL"""
            : ", 1";
        var operationJoin = withOperations
            ? """LEFT JOIN "LedgerOperations" o ON o."IdempotencyKey" = e."IdempotencyKey" """
            : "";
        await using var command = LedgerConnection.Command(connection, transaction, $"""
            SELECT l."Position", l."RecordType", l."RecordId", l."PreviousHash", l."Hash", l."RecordedAtUnixMs",
                   {JournalScan.EntryColumns},
                   p."Index", p."AccountId", p."Side", p."AmountMinutes", p."BalanceAfterMinutes"{operation}
            FROM "LedgerChainLinks" l
            LEFT JOIN "LedgerEntries" e ON l."RecordType" = 'entry' AND e."Sequence" = l."RecordId"
            {operationJoin}
            LEFT JOIN "LedgerPostings" p ON p."EntrySequence" = e."Sequence"
            WHERE l."LedgerGroup" = @group AND l."Position" >= @from AND l."Position" <= @to
            ORDER BY l."Position", p."Index"
            """, ("@group", ledgerGroup), ("@from", fromPosition), ("@to", toPosition));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        const int entryAt = 6, postingAt = 22, operationAt = 27;
        LinkRow? link = null;
        EntryRecord? entry = null;
        var operationExists = true;
        var postings = new List<PostingRecord>(4);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = reader.GetInt64(0);
            if (link is null || link.Value.Position != position)
            {
                if (link is not null)
                {
                    await output.WriteAsync(new ScannedLink(link.Value, entry, [.. postings], operationExists), cancellationToken);
                }
                link = new LinkRow(position, reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5));
                entry = reader.IsDBNull(entryAt) ? null : JournalScan.ReadEntry(reader, entryAt);
                operationExists = entry is null || reader.GetBoolean(operationAt);
                postings.Clear();
            }
            if (JournalScan.ReadPosting(reader, postingAt) is { } posting)
            {
                postings.Add(posting);
            }
        }
        if (link is not null)
        {
            await output.WriteAsync(new ScannedLink(link.Value, entry, [.. postings], operationExists), cancellationToken);
        }
    }
}
