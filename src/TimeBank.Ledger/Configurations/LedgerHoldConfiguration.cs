using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerHoldConfiguration : IEntityTypeConfiguration<LedgerHold>
{
    public void Configure(EntityTypeBuilder<LedgerHold> builder)
    {
        builder.ToTable("LedgerHolds", table =>
            table.HasCheckConstraint("CK_LedgerHolds_AmountMinutes", "\"AmountMinutes\" > 0"));
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedOnAdd();
        builder.Property(h => h.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.PlacedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("PlacedAtUnixMs");
        builder.Property(h => h.ExpiresAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("ExpiresAtUnixMs");
        builder.Property(h => h.ResolvedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("ResolvedAtUnixMs");
        builder.Property(h => h.IdempotencyKey).HasMaxLength(200);
        builder.Property(h => h.ActorId).HasMaxLength(200);
        builder.Property(h => h.PrincipalId).HasMaxLength(200);
        builder.Property(h => h.CauseType).HasMaxLength(100);
        builder.Property(h => h.CauseId).HasMaxLength(200);
        builder.Property(h => h.Memo).HasMaxLength(1000);
        builder.HasIndex(h => h.IdempotencyKey).IsUnique();
        builder.HasIndex(h => new { h.Status, h.ExpiresAt });
        builder.HasIndex(h => h.DebitAccountId);
        builder.HasIndex(h => h.CreditAccountId);
        builder.HasOne<LedgerAccount>().WithMany().HasForeignKey(h => h.DebitAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LedgerAccount>().WithMany().HasForeignKey(h => h.CreditAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
