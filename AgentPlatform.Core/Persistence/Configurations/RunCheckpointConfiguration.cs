using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Core.Persistence.Configurations;

internal sealed class RunCheckpointConfiguration : IEntityTypeConfiguration<RunCheckpoint>
{
    public void Configure(EntityTypeBuilder<RunCheckpoint> builder)
    {
        builder.ToTable("run_checkpoints");
        // One record per model call (call id empty), per tool call of that model call and per memory step (a compaction
        // before it, keyed by its trigger): a second writer of the same record (a duplicate delivery of the job) fails
        // here instead of recording a call twice.
        builder.HasKey(c => new { c.RunId, c.Step, c.CallId });
        builder.Property(c => c.CallId).HasMaxLength(200);
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Payload).HasColumnType("jsonb");
        builder.HasOne<Run>().WithMany().HasForeignKey(c => c.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
