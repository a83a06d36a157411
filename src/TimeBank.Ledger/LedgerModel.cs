using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger;

/// <summary>Adds the ledger's tables to any DbContext, so the host's migrations create them.</summary>
public static class LedgerModel
{
    /// <summary>Call from <c>OnModelCreating</c>; then run <see cref="LedgerSql.SqliteTriggers"/>, <see cref="LedgerSql.SqliteMemoErasure"/> and <see cref="LedgerSql.SqliteChainTriggers"/> in migrations.</summary>
    public static ModelBuilder ApplyLedgerModel(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        return modelBuilder.ApplyConfigurationsFromAssembly(typeof(LedgerModel).Assembly);
    }
}
