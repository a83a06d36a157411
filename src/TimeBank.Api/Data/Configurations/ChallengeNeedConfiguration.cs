using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ChallengeNeedConfiguration : IEntityTypeConfiguration<ChallengeNeed>
{
    public void Configure(EntityTypeBuilder<ChallengeNeed> builder)
    {
        builder.HasKey(n => new { n.ChallengeId, n.CategoryId });
        builder.HasOne<Challenge>().WithMany().HasForeignKey(n => n.ChallengeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Category>().WithMany().HasForeignKey(n => n.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
