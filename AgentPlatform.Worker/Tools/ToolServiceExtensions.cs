using AgentPlatform.Core.Events;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Worker.Tools;

public static class ToolServiceExtensions
{
    /// <summary>
    /// The agent's tools, their circuit breakers (<see cref="ToolRegistry"/>) and the publisher that shares the circuits
    /// through Redis. Needs an <see cref="StackExchange.Redis.IConnectionMultiplexer"/> (AddRedisClient).
    /// Register an <see cref="IWebSearchProvider"/> to make web_search available.
    /// </summary>
    public static IHostApplicationBuilder AddAgentTools(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ToolOptions>().BindConfiguration(ToolOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ToolCircuitBreakerOptions>()
            .BindConfiguration(ToolCircuitBreakerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ToolStateOptions>().BindConfiguration(ToolStateOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // Circuit changes are broadcast to every stream subscriber as tool.status.
        services.AddEventPublisher();
        services.TryAddSingleton<IWebAddressPolicy, PublicAddressPolicy>();
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();

        services.AddSingleton<AgentTool, WebFetchTool>();
        services.AddSingleton<AgentTool, FileEditorTool>();
        services.AddSingleton<AgentTool, WebSearchTool>();
        services.AddSingleton<AgentTool, AskHumanTool>();
        services.AddSingleton<AgentTool, TerminateTool>();
        services.AddSingleton<AgentTool, PinFactTool>();
        services.AddSingleton<ToolRegistry>();
        services.AddHostedService<ToolStatePublisher>();
        return builder;
    }
}
