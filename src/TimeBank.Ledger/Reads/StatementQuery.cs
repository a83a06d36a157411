using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

public sealed record StatementLine(
    long EntrySequence,
    EntryKind Kind,
    string? Memo,
    DateTimeOffset EffectiveAt,
    DateTimeOffset RecordedAt,
    PostingSide Side,
    long AmountMinutes,
    long BalanceAfterMinutes,
    string? CauseType,
    string? CauseId);

/// <summary>A page of a statement; pass <see cref="NextBeforeSequence"/> back to get the next (older) page.</summary>
public sealed record StatementPage(IReadOnlyList<StatementLine> Lines, long? NextBeforeSequence);

public static class StatementQuery
{
    /// <summary>
    /// The account's postings newest first with the running balance after each, keyset-paged on the entry
    /// sequence: every page is one seek on the (account, sequence) index, however deep.
    /// </summary>
    public static Task<StatementPage> GetStatementAsync(
        this DbContext context, long accountId, int pageSize = 50, long? beforeSequence = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return LedgerConnection.ReadAsync(context, async (connection, transaction) =>
        {
            await using var command = LedgerConnection.Command(connection, transaction, """
                SELECT p."EntrySequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs", p."Side",
                       p."AmountMinutes", p."BalanceAfterMinutes", e."CauseType", e."CauseId"
                FROM "LedgerPostings" p JOIN "LedgerEntries" e ON e."Sequence" = p."EntrySequence"
                WHERE p."AccountId" = @account AND p."EntrySequence" < @before
                ORDER BY p."EntrySequence" DESC LIMIT @limit
                """, ("@account", accountId), ("@before", beforeSequence ?? long.MaxValue), ("@limit", pageSize + 1));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var lines = new List<StatementLine>(pageSize + 1);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(new StatementLine(
                    reader.GetInt64(0), Enum.Parse<EntryKind>(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    Enum.Parse<PostingSide>(reader.GetString(5)), reader.GetInt64(6), reader.GetInt64(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
            if (lines.Count <= pageSize)
            {
                return new StatementPage(lines, null);
            }
            lines.RemoveAt(pageSize);
            return new StatementPage(lines, lines[^1].EntrySequence);
        }, cancellationToken);
    }
}
