using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ChallengePledgeConfiguration : IEntityTypeConfiguration<ChallengePledge>
{
    public void Configure(EntityTypeBuilder<ChallengePledge> builder)
    {
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Version).IsConcurrencyToken();
        // One pledge per member and category: pledging again changes it, and two first pledges racing make one row.
        builder.HasIndex(p => new { p.ChallengeId, p.MemberId, p.CategoryId }).IsUnique();
        // Progress sums a challenge's active pledges per category.
        builder.HasIndex(p => new { p.ChallengeId, p.Status, p.CategoryId });
        builder.HasOne<Challenge>().WithMany().HasForeignKey(p => p.ChallengeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.ChangedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
