using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerLimitChangeConfiguration : IEntityTypeConfiguration<LedgerLimitChange>
{
    public void Configure(EntityTypeBuilder<LedgerLimitChange> builder)
    {
        builder.ToTable("LedgerLimitChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.RecordedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("RecordedAtUnixMs");
        builder.HasIndex(c => new { c.AccountId, c.EffectiveFromSequence });
        builder.HasOne<LedgerAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
