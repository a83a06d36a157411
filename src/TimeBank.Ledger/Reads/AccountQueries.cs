using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

/// <summary>Account look-ups on any DbContext that maps the ledger; results are not tracked.</summary>
public static class AccountQueries
{
    public static Task<LedgerAccount?> FindLedgerAccountAsync(this DbContext context, long accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Set<LedgerAccount>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
    }

    public static Task<List<LedgerAccount>> ListLedgerAccountsAsync(this DbContext context, string ledgerGroup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Set<LedgerAccount>().AsNoTracking()
            .Where(a => a.LedgerGroup == ledgerGroup).OrderBy(a => a.Id).ToListAsync(cancellationToken);
    }
}
