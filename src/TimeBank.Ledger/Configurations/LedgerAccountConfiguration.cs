using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerAccountConfiguration : IEntityTypeConfiguration<LedgerAccount>
{
    public void Configure(EntityTypeBuilder<LedgerAccount> builder)
    {
        builder.ToTable("LedgerAccounts", table =>
        {
            table.HasCheckConstraint("CK_LedgerAccounts_Totals",
                "\"DebitsPostedMinutes\" >= 0 AND \"CreditsPostedMinutes\" >= 0 AND \"DebitsPendingMinutes\" >= 0 AND \"CreditsPendingMinutes\" >= 0");
        });
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.LedgerGroup).HasMaxLength(100);
        builder.Property(a => a.Code).HasMaxLength(200);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.OpenedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("OpenedAtUnixMs");
        builder.Property(a => a.ClosedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("ClosedAtUnixMs");
        builder.Ignore(a => a.BalanceMinutes);
        builder.Ignore(a => a.AvailableMinutes);
        builder.HasIndex(a => new { a.LedgerGroup, a.Code }).IsUnique();
    }
}
