using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ExchangeTransitionConfiguration : IEntityTypeConfiguration<ExchangeTransition>
{
    public void Configure(EntityTypeBuilder<ExchangeTransition> builder)
    {
        builder.Property(t => t.Action).HasMaxLength(32);
        builder.Property(t => t.Note).HasMaxLength(1000);
        builder.HasIndex(t => new { t.ExchangeId, t.Id });
        builder.HasOne<Exchange>().WithMany().HasForeignKey(t => t.ExchangeId).OnDelete(DeleteBehavior.Restrict);
        // Users and members are never deleted, and a timeline is read by exchange, never by who acted.
        builder.WithoutForeignKeyIndex(nameof(ExchangeTransition.ActorUserId));
        builder.WithoutForeignKeyIndex(nameof(ExchangeTransition.PrincipalMemberId));
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.ActorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.PrincipalMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
