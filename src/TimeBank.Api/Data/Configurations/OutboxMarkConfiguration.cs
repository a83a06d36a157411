using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TimeBank.Api.Data.Entities;

namespace TimeBank.Api.Data.Configurations;

internal sealed class OutboxMarkConfiguration : IEntityTypeConfiguration<OutboxMark>
{
    public void Configure(EntityTypeBuilder<OutboxMark> builder)
    {
        builder.ToTable("OutboxMarks");
        builder.Property(m => m.Id).ValueGeneratedNever();
        // Present from the start, so the dispatcher only ever moves it forward.
        builder.HasData(new OutboxMark { Id = OutboxMark.TheRow, DispatchedThroughId = 0 });
    }
}
