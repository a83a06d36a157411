using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.Property(r => r.Action).HasMaxLength(AuditRecord.ActionLength);
        builder.Property(r => r.SubjectType).HasMaxLength(32);
        builder.Property(r => r.Reason).HasMaxLength(AuditRecord.ReasonLength);
        builder.Property(r => r.BeforeJson).HasMaxLength(AuditRecord.JsonLength);
        builder.Property(r => r.AfterJson).HasMaxLength(AuditRecord.JsonLength);
        // The trail is read per community, newest first, and per subject (the record of one entry's reversal).
        builder.HasIndex(r => new { r.CommunityId, r.Id });
        builder.HasIndex(r => new { r.SubjectType, r.SubjectId });
        // An erasure finds the reasons given about the member.
        builder.HasIndex(r => r.PrincipalMemberId);
        builder.HasOne<Community>().WithMany().HasForeignKey(r => r.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.ActorUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
