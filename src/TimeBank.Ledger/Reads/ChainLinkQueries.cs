using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>The community chain's links, for a caller that shows an entry's (or any record's) hash and previous hash.</summary>
public static class ChainLinkQueries
{
    /// <summary>Every link, untracked, for batch loaders (filter by <c>RecordType</c> and <c>RecordId</c>: a unique index).</summary>
    public static IQueryable<ChainLink> ChainLinks(this DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Set<ChainLink>().AsNoTracking();
    }

    /// <summary>The link of one record (<see cref="ChainLink.Entry"/> and a sequence, say); null when it has none.</summary>
    public static Task<ChainLink?> FindChainLinkAsync(this DbContext context, string recordType, long recordId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ChainLinks().SingleOrDefaultAsync(l => l.RecordType == recordType && l.RecordId == recordId, cancellationToken);
    }
}
