using AgentPlatform.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Core.Persistence.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => new { d.SessionId, d.Seq });
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.JobId).HasMaxLength(100);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.Ignore(d => d.MessageId);
        builder.HasOne<Session>().WithMany().HasForeignKey(d => d.SessionId).OnDelete(DeleteBehavior.Cascade);
        // The sweep's query: rows still owed a job.
        builder.HasIndex(d => new { d.Status, d.CreatedAt }).HasFilter("job_id IS NULL");
    }
}
