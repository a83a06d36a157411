using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ChallengeContributionConfiguration : IEntityTypeConfiguration<ChallengeContribution>
{
    public void Configure(EntityTypeBuilder<ChallengeContribution> builder)
    {
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Note).HasMaxLength(1000);
        builder.Property(c => c.DecisionReason).HasMaxLength(1000);
        builder.Property(c => c.RetryKey).HasMaxLength(100);
        builder.Property(c => c.Version).IsConcurrencyToken();
        // Challenge.contributions pages by id within a status; progress sums verified minutes per category.
        builder.HasIndex(c => new { c.ChallengeId, c.Status, c.Id });
        builder.HasIndex(c => new { c.ChallengeId, c.Status, c.CategoryId, c.Minutes });
        // A retried log finds the first: the key is the logger's own, and unique, not checked then inserted.
        builder.HasIndex(c => new { c.LoggedByUserId, c.RetryKey }).IsUnique().HasFilter("\"RetryKey\" IS NOT NULL");
        builder.HasIndex(c => c.PaymentEntrySequence).IsUnique().HasFilter("\"PaymentEntrySequence\" IS NOT NULL");
        builder.HasIndex(c => c.ContributorMemberId);
        builder.HasOne<Challenge>().WithMany().HasForeignKey(c => c.ChallengeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.ContributorMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Category>().WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.LoggedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.DecidedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
