using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Reads;

public static class AccountsOfGroup
{
    /// <summary>
    /// The accounts of <paramref name="ledgerGroup"/> of the given kinds (every kind when null or empty), unordered and
    /// unpaged, for a caller that pages them itself (by <see cref="LedgerAccount.Id"/>); not tracked.
    /// </summary>
    public static IQueryable<LedgerAccount> LedgerAccounts(this DbContext context, string ledgerGroup, IReadOnlyCollection<AccountKind>? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accounts = context.Set<LedgerAccount>().AsNoTracking().Where(a => a.LedgerGroup == ledgerGroup);
        return kinds is { Count: > 0 } ? accounts.Where(a => kinds.Contains(a.Kind)) : accounts;
    }
}
