using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>
/// What a journal read keeps; every given criterion must hold. Sequence bounds are inclusive, and so are the
/// recorded-time bounds.
/// </summary>
public sealed record JournalFilter
{
    /// <summary>Entries of these kinds only; every kind when null or empty.</summary>
    public IReadOnlyCollection<EntryKind>? Kinds { get; init; }

    /// <summary>Entries that post to this account only.</summary>
    public long? AccountId { get; init; }

    public long? FromSequence { get; init; }

    public long? ToSequence { get; init; }

    public DateTimeOffset? RecordedFrom { get; init; }

    public DateTimeOffset? RecordedTo { get; init; }
}

/// <summary>A page of the journal with every entry's postings (in index order); pass <see cref="NextAfterSequence"/> back for the next.</summary>
public sealed record JournalPage(IReadOnlyList<LedgerEntry> Entries, long? NextAfterSequence);

public static class JournalQuery
{
    /// <summary>
    /// The entries of <paramref name="ledgerGroup"/> that pass <paramref name="filter"/>, unordered and unpaged, for a
    /// caller that pages them itself: keyset on <see cref="LedgerEntry.Sequence"/> (the primary key), so a page is a seek
    /// however deep. Postings are not included; read them for a page at once with <see cref="PostingsOf"/>.
    /// </summary>
    /// <remarks>
    /// An entry belongs to the group of its accounts (all of an entry's accounts are in one group), so the group is
    /// told by its first posting: two primary-key seeks per entry read. With an account the read starts from that
    /// account's postings on their (AccountId, EntrySequence) index instead.
    /// </remarks>
    public static IQueryable<LedgerEntry> JournalEntries(this DbContext context, string ledgerGroup, JournalFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        filter ??= new JournalFilter();
        var groupAccounts = context.Set<LedgerAccount>().Where(a => a.LedgerGroup == ledgerGroup).Select(a => a.Id);
        var postings = context.Set<LedgerPosting>();
        var entries = context.Set<LedgerEntry>().AsNoTracking();
        if (filter.AccountId is { } accountId)
        {
            var ofAccount = postings.Where(p => p.AccountId == accountId && groupAccounts.Contains(p.AccountId)).Select(p => p.EntrySequence);
            entries = entries.Where(e => ofAccount.Contains(e.Sequence));
        }
        else
        {
            entries = entries.Where(e => postings.Any(p => p.EntrySequence == e.Sequence && p.Index == 0 && groupAccounts.Contains(p.AccountId)));
        }
        if (filter.Kinds is { Count: > 0 } kinds)
        {
            entries = entries.Where(e => kinds.Contains(e.Kind));
        }
        if (filter.FromSequence is { } fromSequence)
        {
            entries = entries.Where(e => e.Sequence >= fromSequence);
        }
        if (filter.ToSequence is { } toSequence)
        {
            entries = entries.Where(e => e.Sequence <= toSequence);
        }
        if (filter.RecordedFrom is { } recordedFrom)
        {
            entries = entries.Where(e => e.RecordedAt >= recordedFrom);
        }
        if (filter.RecordedTo is { } recordedTo)
        {
            entries = entries.Where(e => e.RecordedAt <= recordedTo);
        }
        return entries;
    }

    /// <summary>
    /// A page of <see cref="JournalEntries"/> with their postings, in two statements whatever the page's length: the
    /// entries after <paramref name="afterSequence"/> (in the reading direction; from the start when null), then their postings.
    /// </summary>
    public static async Task<JournalPage> GetJournalPageAsync(
        this DbContext context, string ledgerGroup, JournalFilter? filter = null, int pageSize = 50, long? afterSequence = null,
        bool newestFirst = true, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var entries = context.JournalEntries(ledgerGroup, filter);
        if (afterSequence is { } after)
        {
            entries = newestFirst ? entries.Where(e => e.Sequence < after) : entries.Where(e => e.Sequence > after);
        }
        entries = newestFirst ? entries.OrderByDescending(e => e.Sequence) : entries.OrderBy(e => e.Sequence);
        // One entry more than asked tells whether another page exists.
        var page = await entries.Take(pageSize + 1).Include(e => e.Postings).AsSplitQuery().ToListAsync(cancellationToken);
        if (page.Count <= pageSize)
        {
            return new JournalPage(page, null);
        }
        page.RemoveAt(pageSize);
        return new JournalPage(page, page[^1].Sequence);
    }

    /// <summary>The postings of the given entries, for a loader that reads a page's postings in one statement.</summary>
    public static IQueryable<LedgerPosting> PostingsOf(this DbContext context, IReadOnlyCollection<long> entrySequences)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Set<LedgerPosting>().AsNoTracking().Where(p => entrySequences.Contains(p.EntrySequence));
    }

    /// <summary>
    /// The reversal of each of the given entries that has one, as (reversed entry, reversing entry): seeks on the unique
    /// <see cref="LedgerEntry.ReversesSequence"/> index.
    /// </summary>
    public static async Task<Dictionary<long, long>> FindReversalsAsync(
        this DbContext context, IReadOnlyCollection<long> entrySequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pairs = await context.Set<LedgerEntry>().AsNoTracking()
            .Where(e => e.ReversesSequence != null && entrySequences.Contains(e.ReversesSequence.Value))
            .Select(e => new { Reversed = e.ReversesSequence!.Value, e.Sequence })
            .ToListAsync(cancellationToken);
        return pairs.ToDictionary(p => p.Reversed, p => p.Sequence);
    }

    /// <summary>The ledger group an entry belongs to (its first posting's account's); null when there is no such entry.</summary>
    public static Task<string?> FindEntryGroupAsync(this DbContext context, long entrySequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (from p in context.Set<LedgerPosting>()
                join a in context.Set<LedgerAccount>() on p.AccountId equals a.Id
                where p.EntrySequence == entrySequence && p.Index == 0
                select a.LedgerGroup).SingleOrDefaultAsync(cancellationToken);
    }
}
