using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ChallengeConfiguration : IEntityTypeConfiguration<Challenge>
{
    public void Configure(EntityTypeBuilder<Challenge> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(120);
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.Property(c => c.Neighbourhood).HasMaxLength(100);
        builder.Property(c => c.DeclineReason).HasMaxLength(1000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        // A community's challenges by status, newest first.
        builder.HasIndex(c => new { c.CommunityId, c.Status, c.Id });
        builder.HasIndex(c => c.PoolAccountId).IsUnique().HasFilter("\"PoolAccountId\" IS NOT NULL");
        builder.HasOne<Community>().WithMany().HasForeignKey(c => c.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.ProposedByMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.LeadMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
