using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerPeriodCloseConfiguration : IEntityTypeConfiguration<LedgerPeriodClose>
{
    public void Configure(EntityTypeBuilder<LedgerPeriodClose> builder)
    {
        builder.ToTable("LedgerPeriodCloses");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.LedgerGroup).HasMaxLength(100);
        builder.Property(c => c.EndsAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("EndsAtUnixMs");
        builder.Property(c => c.RecordedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("RecordedAtUnixMs");
        builder.Property(c => c.BalancesDigest).HasMaxLength(64);
        builder.Property(c => c.ChainHeadHash).HasMaxLength(64);
        // Each close ends later than the one before: the group's last close is the last row of this index.
        builder.HasIndex(c => new { c.LedgerGroup, c.EndsAt }).IsUnique();
        builder.HasMany(c => c.Balances).WithOne().HasForeignKey(b => b.CloseId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Balances).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
