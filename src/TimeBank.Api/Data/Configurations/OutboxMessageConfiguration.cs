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
        // Retention's query: the oldest first. Written in time order, so each insert lands on the index's last page.
        builder.HasIndex(m => m.CreatedAt);
    }
}
