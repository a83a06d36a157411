using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>One line of an account's statement: a posting, the entry it belongs to, and the account's balance right after it.</summary>
public sealed record StatementLine
{
    /// <summary>The entry's number in the journal; unique within an account's statement, so it is the statement's keyset key.</summary>
    public required long EntrySequence { get; init; }

    public required EntryKind Kind { get; init; }

    public string? Memo { get; init; }

    public required DateTimeOffset EffectiveAt { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required PostingSide Side { get; init; }

    public required long AmountMinutes { get; init; }

    public required long BalanceAfterMinutes { get; init; }

    /// <summary>For a reversal, the entry it undoes.</summary>
    public long? ReversesSequence { get; init; }

    public string? CauseType { get; init; }

    public string? CauseId { get; init; }
}

/// <summary>A page of a statement; pass <see cref="NextBeforeSequence"/> back to get the next (older) page.</summary>
public sealed record StatementPage(IReadOnlyList<StatementLine> Lines, long? NextBeforeSequence);

public static class StatementQuery
{
    /// <summary>
    /// The account's whole statement, unordered and unpaged, for a caller that pages it itself (the API's Relay
    /// connection). Order and seek it by <see cref="StatementLine.EntrySequence"/> alone: it is unique within the
    /// account (one posting per account per entry), so a keyset on it never skips or repeats a line, and every page
    /// is one seek on the postings' (AccountId, EntrySequence) index however deep. Times are not keys: many entries
    /// share a millisecond.
    /// </summary>
    public static IQueryable<StatementLine> StatementLines(this DbContext context, long accountId)
    {
        ArgumentNullException.ThrowIfNull(context);
        return
            from p in context.Set<LedgerPosting>().AsNoTracking()
            join e in context.Set<LedgerEntry>().AsNoTracking() on p.EntrySequence equals e.Sequence
            where p.AccountId == accountId
            select new StatementLine
            {
                EntrySequence = p.EntrySequence,
                Kind = e.Kind,
                Memo = e.Memo,
                EffectiveAt = e.EffectiveAt,
                RecordedAt = e.RecordedAt,
                Side = p.Side,
                AmountMinutes = p.AmountMinutes,
                BalanceAfterMinutes = p.BalanceAfterMinutes,
                ReversesSequence = e.ReversesSequence,
                CauseType = e.CauseType,
                CauseId = e.CauseId,
            };
    }

    /// <summary>
    /// The newest lines of an account, for a caller that runs its own prepared statement (the API's first statement
    /// page): <c>@p0</c> is the account, <c>@p1</c> how many lines; the columns read back with <see cref="ReadLine"/>. The
    /// same rows and order as <see cref="StatementLines(DbContext, long)"/> newest first, in one seek on the postings'
    /// (AccountId, EntrySequence) index and a primary-key look-up per line.
    /// </summary>
    public const string NewestLinesSql = """
        SELECT p."EntrySequence", e."Kind", e."Memo", e."EffectiveAtUnixMs", e."RecordedAtUnixMs", p."Side", p."AmountMinutes",
               p."BalanceAfterMinutes", e."ReversesSequence", e."CauseType", e."CauseId"
        FROM "LedgerPostings" p
        JOIN "LedgerEntries" e ON e."Sequence" = p."EntrySequence"
        WHERE p."AccountId" = @p0
        ORDER BY p."EntrySequence" DESC
        LIMIT @p1
        """;

    /// <summary>The line in the reader's current row of <see cref="NewestLinesSql"/>.</summary>
    public static StatementLine ReadLine(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new StatementLine
        {
            EntrySequence = reader.GetInt64(0),
            Kind = Enum.Parse<EntryKind>(reader.GetString(1)),
            Memo = reader.IsDBNull(2) ? null : reader.GetString(2),
            EffectiveAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            RecordedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            Side = Enum.Parse<PostingSide>(reader.GetString(5)),
            AmountMinutes = reader.GetInt64(6),
            BalanceAfterMinutes = reader.GetInt64(7),
            ReversesSequence = reader.IsDBNull(8) ? null : reader.GetInt64(8),
            CauseType = reader.IsDBNull(9) ? null : reader.GetString(9),
            CauseId = reader.IsDBNull(10) ? null : reader.GetString(10),
        };
    }

    /// <summary>
    /// <see cref="StatementLines(DbContext, long)"/> recorded from <paramref name="from"/> to <paramref name="to"/>, both
    /// inclusive (either may be null: no bound), so the last line up to <paramref name="to"/> carries the balance
    /// <see cref="BalanceQueries.GetBalanceAtAsync"/> gives for that time. The times become bounds on the sequence (recorded
    /// time never decreases along it), each one seek on the entries' time index, and the lines stay one seek on the
    /// postings' (AccountId, EntrySequence) index however far back the window lies.
    /// </summary>
    public static IQueryable<StatementLine> StatementLines(this DbContext context, long accountId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var lines = context.StatementLines(accountId);
        var entries = context.Set<LedgerEntry>();
        if (from is { } start)
        {
            var first = entries.Where(e => e.RecordedAt >= start).OrderBy(e => e.RecordedAt).ThenBy(e => e.Sequence).Select(e => (long?)e.Sequence);
            lines = lines.Where(l => l.EntrySequence >= (first.FirstOrDefault() ?? long.MaxValue));
        }
        if (to is { } end)
        {
            var last = entries.Where(e => e.RecordedAt <= end).OrderByDescending(e => e.RecordedAt).ThenByDescending(e => e.Sequence).Select(e => (long?)e.Sequence);
            lines = lines.Where(l => l.EntrySequence <= (last.FirstOrDefault() ?? 0));
        }
        return lines;
    }

    /// <summary>
    /// A page of <see cref="StatementLines(DbContext, long)"/> newest first: the lines older than <paramref name="beforeSequence"/>
    /// (all when null), at most <paramref name="pageSize"/>.
    /// </summary>
    public static async Task<StatementPage> GetStatementAsync(
        this DbContext context, long accountId, int pageSize = 50, long? beforeSequence = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var before = beforeSequence ?? long.MaxValue;
        // One line more than asked tells whether an older page exists.
        var lines = await context.StatementLines(accountId)
            .Where(l => l.EntrySequence < before)
            .OrderByDescending(l => l.EntrySequence)
            .Take(pageSize + 1)
            .ToListAsync(cancellationToken);
        if (lines.Count <= pageSize)
        {
            return new StatementPage(lines, null);
        }
        lines.RemoveAt(pageSize);
        return new StatementPage(lines, lines[^1].EntrySequence);
    }
}
