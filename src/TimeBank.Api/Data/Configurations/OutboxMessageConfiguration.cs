using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.Property(m => m.Topic).HasMaxLength(64);
        builder.Property(m => m.Audience).HasMaxLength(2000);
        builder.HasIndex(m => m.EventId).IsUnique();
        // The dispatcher's query: what is still waiting, oldest first.
        builder.HasIndex(m => new { m.DispatchedAt, m.Id });
    }
}
