using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger;

/// <summary>
/// Refuses to save a change that would update or delete a ledger entry or posting. Register it on every
/// DbContext that maps the ledger (<c>options.AddInterceptors(new LedgerImmutabilityInterceptor())</c>).
/// </summary>
public sealed class LedgerImmutabilityInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Refuse(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Refuse(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Refuse(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.Entity is LedgerEntry or LedgerPosting && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException(
                    $"Ledger {entry.Metadata.ClrType.Name} rows are immutable; correct a mistake with a reversal entry.");
            }
        }
    }
}
