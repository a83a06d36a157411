using Microsoft.EntityFrameworkCore;
using TimeBank.Ledger;

namespace TimeBank.Benchmarks.Ledger;

/// <summary>A context with the ledger's model alone, opened with the production settings (<see cref="SqliteConnectionSettings"/>).</summary>
internal sealed class LedgerBenchContext(DbContextOptions<LedgerBenchContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyLedgerModel();

    public static DbContextOptions<LedgerBenchContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<LedgerBenchContext>().UseLedgerSqlite(connectionString).Options;
}
