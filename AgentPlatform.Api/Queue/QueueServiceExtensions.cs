namespace AgentPlatform.Api.Queue;

public static class QueueServiceExtensions
{
    /// <summary>The queue backlog: its metrics and its health check.</summary>
    public static IHostApplicationBuilder AddQueueBacklog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueBacklogOptions>().BindConfiguration(QueueBacklogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<QueueBacklogMonitor>();
        builder.Services.AddHealthChecks().AddCheck<QueueBacklogHealthCheck>("queue-backlog");
        return builder;
    }
}
