using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgentPlatform.Core.Persistence.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.ToTable("sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.OwnerId).HasMaxLength(200).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.TaskType).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.StopReason).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Model).HasMaxLength(200);
        builder.Property<string?>("PlanJson").HasColumnName("plan").HasColumnType("jsonb");
        builder.Ignore(s => s.Plan);
        builder.Property(s => s.PendingInputJson).HasColumnName("pending_input").HasColumnType("jsonb");
        builder.Ignore(s => s.AwaitedInput);
        builder.Property(s => s.ApprovalsJson).HasColumnName("approvals").HasColumnType("jsonb");
        builder.Ignore(s => s.Approvals);
        builder.Ignore(s => s.PendingApprovals);
        builder.Property(s => s.ElicitationJson).HasColumnName("elicitation").HasColumnType("jsonb");
        builder.Ignore(s => s.Elicitation);
        builder.Ignore(s => s.AwaitsElicitation);
        builder.Property(s => s.WebhookUrl).HasMaxLength(2048);
        builder.Property(s => s.WebhookSecret).HasMaxLength(256);
        builder.Property(s => s.MemoryJson).HasColumnName("memory").HasColumnType("jsonb");
        builder.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid")
            .ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
        builder.HasMany(s => s.Runs).WithOne().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Runs).UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
        builder.Ignore(s => s.NewEvents);
        builder.Ignore(s => s.ActiveRun);
        builder.HasIndex(s => new { s.OwnerId, s.CreatedAt, s.Id }).IsDescending(false, true, true);
    }
}
