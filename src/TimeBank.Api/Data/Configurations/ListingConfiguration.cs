using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ListingConfiguration : IEntityTypeConfiguration<Listing>
{
    public void Configure(EntityTypeBuilder<Listing> builder)
    {
        builder.Property(l => l.Title).HasMaxLength(120);
        builder.Property(l => l.Description).HasMaxLength(4000);
        builder.Property(l => l.Tags).HasMaxLength(500);
        builder.Property(l => l.Neighbourhood).HasMaxLength(80);
        // The two keyset orders of listings(...), within a community and status.
        builder.HasIndex(l => new { l.CommunityId, l.Status, l.CreatedAt, l.Id });
        builder.HasIndex(l => new { l.CommunityId, l.Status, l.ExpiresAt, l.Id });
        builder.HasIndex(l => new { l.CommunityId, l.CategoryId, l.Status });
        // Matching's first candidates: the newest open counterparts in the same category.
        builder.HasIndex(l => new { l.CommunityId, l.CategoryId, l.Kind, l.Status, l.CreatedAt });
        builder.HasIndex(l => l.OwnerMemberId);
        builder.HasOne<Community>().WithMany().HasForeignKey(l => l.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(l => l.OwnerMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Category>().WithMany().HasForeignKey(l => l.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(l => l.UpdatedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
