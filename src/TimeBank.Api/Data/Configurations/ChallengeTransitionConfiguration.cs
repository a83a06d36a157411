using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ChallengeTransitionConfiguration : IEntityTypeConfiguration<ChallengeTransition>
{
    public void Configure(EntityTypeBuilder<ChallengeTransition> builder)
    {
        builder.Property(t => t.Action).HasMaxLength(32);
        builder.Property(t => t.Note).HasMaxLength(1000);
        builder.HasIndex(t => new { t.ChallengeId, t.Id });
        builder.HasOne<Challenge>().WithMany().HasForeignKey(t => t.ChallengeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.ActorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.PrincipalMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
