using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class ExchangeConfiguration : IEntityTypeConfiguration<Exchange>
{
    public void Configure(EntityTypeBuilder<Exchange> builder)
    {
        builder.Property(e => e.Description).HasMaxLength(500);
        builder.Property(e => e.CompletionNote).HasMaxLength(1000);
        builder.Property(e => e.DisputeReason).HasMaxLength(1000);
        builder.Property(e => e.ProviderFeedback).HasMaxLength(1000);
        builder.Property(e => e.ReceiverFeedback).HasMaxLength(1000);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // myExchanges reads one member's side newest first; the job reads completed ones by age.
        builder.HasIndex(e => new { e.ProviderMemberId, e.CreatedAt, e.Id });
        builder.HasIndex(e => new { e.ReceiverMemberId, e.CreatedAt, e.Id });
        builder.HasIndex(e => new { e.Status, e.CompletedAt });
        builder.HasIndex(e => e.CommunityId);
        builder.HasIndex(e => e.ListingId);
        // A statement line finds the exchange it settled by its entry.
        builder.HasIndex(e => e.SettlementEntrySequence).IsUnique().HasFilter("\"SettlementEntrySequence\" IS NOT NULL");
        // communityImpact (Features/Impact): a community's settlements in a period, read from the index alone (month,
        // listing, minutes), and whether one member gave or received in a period, one seek per member and side.
        builder.HasIndex(e => new { e.CommunityId, e.SettledAt, e.ListingId, e.ActualMinutes, e.SettlementEntrySequence }, "IX_Exchanges_Impact_Settled")
            .HasFilter("\"SettlementEntrySequence\" IS NOT NULL");
        builder.HasIndex(e => new { e.ProviderMemberId, e.SettledAt, e.SettlementEntrySequence }, "IX_Exchanges_Impact_Provider")
            .HasFilter("\"SettlementEntrySequence\" IS NOT NULL");
        builder.HasIndex(e => new { e.ReceiverMemberId, e.SettledAt, e.SettlementEntrySequence }, "IX_Exchanges_Impact_Receiver")
            .HasFilter("\"SettlementEntrySequence\" IS NOT NULL");
        builder.HasOne<Community>().WithMany().HasForeignKey(e => e.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.ProviderMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.ReceiverMemberId).OnDelete(DeleteBehavior.Restrict);
        // Members are never deleted, and nothing asks which exchanges a member proposed.
        builder.WithoutForeignKeyIndex(nameof(Exchange.ProposedByMemberId));
        builder.HasOne<Member>().WithMany().HasForeignKey(e => e.ProposedByMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Listing>().WithMany().HasForeignKey(e => e.ListingId).OnDelete(DeleteBehavior.Restrict);
    }
}
