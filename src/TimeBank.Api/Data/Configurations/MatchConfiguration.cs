using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class MatchConfiguration : IEntityTypeConfiguration<Match>
{
    public void Configure(EntityTypeBuilder<Match> builder)
    {
        builder.Property(m => m.Reasons).HasMaxLength(200);
        builder.Property(m => m.SharedTags).HasMaxLength(500);
        builder.Property(m => m.CommonWords).HasMaxLength(500);
        // One row per pair: re-scoring updates it, so a dismissal stays with the pair.
        builder.HasIndex(m => new { m.OfferListingId, m.RequestListingId }).IsUnique();
        builder.HasIndex(m => m.RequestListingId);
        // myMatches reads each side's matches newest first.
        builder.HasIndex(m => new { m.OfferUserId, m.CreatedAt, m.Id });
        builder.HasIndex(m => new { m.RequestUserId, m.CreatedAt, m.Id });
        builder.HasOne<Community>().WithMany().HasForeignKey(m => m.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Listing>().WithMany().HasForeignKey(m => m.OfferListingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Listing>().WithMany().HasForeignKey(m => m.RequestListingId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.OfferUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.RequestUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
