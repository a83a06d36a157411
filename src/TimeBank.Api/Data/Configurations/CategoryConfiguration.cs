using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable("Categories");
        builder.Property(c => c.Slug).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(80);
        builder.Property(c => c.Description).HasMaxLength(500);
        builder.HasIndex(c => new { c.CommunityId, c.Slug }).IsUnique();
        builder.HasOne<Community>().WithMany().HasForeignKey(c => c.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
