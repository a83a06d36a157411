using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.Property(m => m.DisplayName).HasMaxLength(80);
        builder.Property(m => m.Bio).HasMaxLength(2000);
        builder.Property(m => m.Neighbourhood).HasMaxLength(80);
        builder.Property(m => m.Availability).HasMaxLength(200);
        // One membership per user and community; the listing index serves members(filter) pages.
        builder.HasIndex(m => new { m.CommunityId, m.UserId }).IsUnique();
        builder.HasIndex(m => new { m.CommunityId, m.Status, m.DisplayName });
        builder.HasIndex(m => m.AccountId).IsUnique();
        builder.HasOne<Community>().WithMany().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Skills).WithOne().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
