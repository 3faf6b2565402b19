using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Core.Persistence.Configurations;

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.ToTable("runs");
        builder.HasKey(r => r.Id);
        // Ids are made by the domain (UUIDv7); a new run found in a session's collection is then inserted, not updated.
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.StopReason).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.JobId).HasMaxLength(100);
        builder.Ignore(r => r.IsTerminal);
        builder.HasIndex(r => new { r.SessionId, r.Number }).IsUnique();
        builder.HasIndex(r => r.Status);
    }
}
