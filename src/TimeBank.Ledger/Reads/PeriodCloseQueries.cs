using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

public static class PeriodCloseQueries
{
    /// <summary>The group's closed periods, oldest first, each with its balances (in account id order); untracked.</summary>
    public static async Task<IReadOnlyList<LedgerPeriodClose>> ListPeriodClosesAsync(
        this DbContext context, string ledgerGroup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await context.Set<LedgerPeriodClose>().AsNoTracking()
            .Where(c => c.LedgerGroup == ledgerGroup)
            .OrderBy(c => c.EndsAt)
            .Include(c => c.Balances.OrderBy(b => b.AccountId))
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
    }
}
