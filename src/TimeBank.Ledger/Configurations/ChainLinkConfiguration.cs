using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class ChainLinkConfiguration : IEntityTypeConfiguration<ChainLink>
{
    public void Configure(EntityTypeBuilder<ChainLink> builder)
    {
        builder.ToTable("LedgerChainLinks");
        // The group's head is the last row of its key range: one seek, and a gap or a duplicate position cannot hide.
        builder.HasKey(l => new { l.LedgerGroup, l.Position });
        builder.Property(l => l.LedgerGroup).HasMaxLength(100);
        builder.Property(l => l.Position).ValueGeneratedNever();
        builder.Property(l => l.RecordType).HasMaxLength(10);
        builder.Property(l => l.PreviousHash).HasMaxLength(64);
        builder.Property(l => l.Hash).HasMaxLength(64);
        builder.Property(l => l.RecordedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("RecordedAtUnixMs");
        // A record has exactly one link, and an entry's link is one seek away.
        builder.HasIndex(l => new { l.RecordType, l.RecordId }).IsUnique();
    }
}
