namespace AgentPlatform.Worker.Retention;

public static class RetentionExtensions
{
    /// <summary>Data retention: a Hangfire recurring job pruning events, checkpoints and stored memory by age (off by default).</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<RetentionJob>();
        builder.Services.AddHostedService<RetentionSchedule>();
        return builder;
    }
}
