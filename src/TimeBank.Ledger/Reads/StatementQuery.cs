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
