using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TimeBank.Ledger;

namespace TimeBank.Benchmarks.Ledger;

internal sealed class LedgerBenchContext(DbContextOptions<LedgerBenchContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyLedgerModel();

    public static DbContextOptions<LedgerBenchContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<LedgerBenchContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(new BenchPragmas())
            .Options;
}

/// <summary>The production settings: WAL, synchronous=FULL (an fsync per commit), foreign keys, busy timeout.</summary>
internal sealed class BenchPragmas : DbConnectionInterceptor
{
    public const string Statements = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
