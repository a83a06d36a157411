using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class CommunityPolicyConfiguration : IEntityTypeConfiguration<CommunityPolicy>
{
    public void Configure(EntityTypeBuilder<CommunityPolicy> builder)
    {
        builder.HasKey(p => new { p.CommunityId, p.Version });
        builder.HasOne<Community>().WithMany().HasForeignKey(p => p.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
