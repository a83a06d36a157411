using Microsoft.EntityFrameworkCore;

namespace TimeBank.Ledger.Tests.Infrastructure;

/// <summary>A host DbContext like the API's: its own table next to the ledger's, for the alongside tests.</summary>
public sealed class TestLedgerContext(DbContextOptions<TestLedgerContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyLedgerModel();
        modelBuilder.Entity<Note>().HasKey(n => n.Id);
    }
}

public sealed class Note
{
    public long Id { get; set; }

    public string Text { get; set; } = "";

    public long? EntrySequence { get; set; }
}
