using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.DataLoader;
using TimeBank.Ledger.Model;

namespace TimeBank.Api.Features.Accounts;

/// <summary>Ledger accounts by id, one query per request however many fields ask.</summary>
public static class AccountLoader
{
    public static IDataLoaderResult<LedgerAccount?> LoadAccount(this IResolveFieldContext context, long accountId) =>
        context.DataLoaders()
            .GetOrAddBatchLoader<long, LedgerAccount>("accounts", async (ids, ct) =>
            {
                await using var db = await context.CreateDbContextAsync();
                return await db.Set<LedgerAccount>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            })
            .LoadAsync(accountId);
}
