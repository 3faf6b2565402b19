using AgentPlatform.Core.Events;

namespace AgentPlatform.Worker.Tools.Circuits;

public static class ToolCircuitServiceExtensions
{
    /// <summary>
    /// Circuit breaker and state-sharing settings, and the publisher that shares this Worker's circuit states through
    /// Redis (needs an IConnectionMultiplexer) and broadcasts their changes as tool.status.
    /// </summary>
    public static IServiceCollection AddToolCircuits(this IServiceCollection services)
    {
        services.AddOptions<ToolCircuitBreakerOptions>()
            .BindConfiguration(ToolCircuitBreakerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ToolStateOptions>().BindConfiguration(ToolStateOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddEventPublisher();
        services.AddHostedService<ToolStatePublisher>();
        return services;
    }
}
