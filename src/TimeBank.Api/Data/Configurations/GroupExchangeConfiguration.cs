using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class GroupExchangeConfiguration : IEntityTypeConfiguration<GroupExchange>
{
    public void Configure(EntityTypeBuilder<GroupExchange> builder)
    {
        builder.Property(g => g.Description).HasMaxLength(500);
        builder.Property(g => g.ClientKey).HasMaxLength(100);
        builder.Property(g => g.CompletionNote).HasMaxLength(1000);
        builder.Property(g => g.Version).IsConcurrencyToken();
        // A retry key is the proposer's own: unique in the database, not checked then inserted.
        builder.HasIndex(g => new { g.ProposedByUserId, g.ClientKey }).IsUnique().HasFilter("\"ClientKey\" IS NOT NULL");
        // myGroupExchanges reads the provider's groups newest first.
        builder.HasIndex(g => new { g.ProviderMemberId, g.CreatedAt, g.Id });
        builder.HasIndex(g => g.CommunityId);
        builder.HasOne<Community>().WithMany().HasForeignKey(g => g.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(g => g.ProviderMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(g => g.ProposedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Listing>().WithMany().HasForeignKey(g => g.ListingId).OnDelete(DeleteBehavior.Restrict);
        // The shares: the foreign key's index on Exchanges finds a group's shares.
        builder.HasMany<Exchange>().WithOne().HasForeignKey(e => e.GroupExchangeId).OnDelete(DeleteBehavior.Restrict);
    }
}
