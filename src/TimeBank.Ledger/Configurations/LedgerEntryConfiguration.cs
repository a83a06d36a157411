using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("LedgerEntries");
        builder.HasKey(e => e.Sequence);
        // The writer assigns the sequence itself: it must be gapless, which identity columns do not promise.
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Memo).HasMaxLength(1000);
        builder.Property(e => e.MemoSalt).HasMaxLength(32);
        builder.Property(e => e.MemoDigest).HasMaxLength(64);
        builder.Property(e => e.EffectiveAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("EffectiveAtUnixMs");
        builder.Property(e => e.RecordedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("RecordedAtUnixMs");
        builder.Property(e => e.ActorId).HasMaxLength(200);
        builder.Property(e => e.PrincipalId).HasMaxLength(200);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(200);
        builder.Property(e => e.CauseType).HasMaxLength(100);
        builder.Property(e => e.CauseId).HasMaxLength(200);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.HasIndex(e => e.ReversesSequence).IsUnique();
        builder.HasIndex(e => e.RecordedAt);
        builder.HasIndex(e => new { e.CauseType, e.CauseId });
        builder.HasOne<LedgerEntry>().WithOne().HasForeignKey<LedgerEntry>(e => e.ReversesSequence).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LedgerHold>().WithMany().HasForeignKey(e => e.HoldId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Postings).WithOne().HasForeignKey(p => p.EntrySequence).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(e => e.Postings).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
