using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Ledger.Model;

namespace TimeBank.Ledger.Configurations;

internal sealed class LedgerOperationConfiguration : IEntityTypeConfiguration<LedgerOperation>
{
    public void Configure(EntityTypeBuilder<LedgerOperation> builder)
    {
        builder.ToTable("LedgerOperations");
        // The key is the primary key: uniqueness is the database's job, not a check before an insert.
        builder.HasKey(o => o.IdempotencyKey);
        builder.Property(o => o.IdempotencyKey).HasMaxLength(200);
        builder.Property(o => o.CommandType).HasMaxLength(50);
        builder.Property(o => o.RequestHash).HasMaxLength(64);
        builder.Property(o => o.RecordedAt).HasConversion(UnixMillisecondsConverter.Instance).HasColumnName("RecordedAtUnixMs");
    }
}
