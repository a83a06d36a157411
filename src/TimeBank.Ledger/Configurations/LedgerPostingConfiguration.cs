using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerPostingConfiguration : IEntityTypeConfiguration<LedgerPosting>
{
    public void Configure(EntityTypeBuilder<LedgerPosting> builder)
    {
        builder.ToTable("LedgerPostings", table =>
            table.HasCheckConstraint("CK_LedgerPostings_AmountMinutes", "\"AmountMinutes\" > 0"));
        builder.HasKey(p => new { p.EntrySequence, p.Index });
        builder.Property(p => p.Side).HasConversion<string>().HasMaxLength(10);
        // One posting per account per entry: statements and past balances are seeks on this index.
        builder.HasIndex(p => new { p.AccountId, p.EntrySequence }).IsUnique();
        builder.HasOne<LedgerAccount>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
