using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class MembershipChangeConfiguration : IEntityTypeConfiguration<MembershipChange>
{
    public void Configure(EntityTypeBuilder<MembershipChange> builder)
    {
        builder.Property(c => c.Reason).HasMaxLength(500);
        builder.HasIndex(c => new { c.MemberId, c.At });
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.ActorUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
