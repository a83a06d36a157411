using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerPeriodBalanceConfiguration : IEntityTypeConfiguration<LedgerPeriodBalance>
{
    public void Configure(EntityTypeBuilder<LedgerPeriodBalance> builder)
    {
        builder.ToTable("LedgerPeriodBalances");
        builder.HasKey(b => new { b.CloseId, b.AccountId });
        builder.HasIndex(b => b.AccountId);
        builder.HasOne<LedgerAccount>().WithMany().HasForeignKey(b => b.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
