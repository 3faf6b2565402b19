using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Worker.Tools;

public static class ToolServiceExtensions
{
    /// <summary>
    /// The agent's tools, each registered by its own folder under BuiltIn/, the registry that runs them through their
    /// circuit breakers (<see cref="ToolRegistry"/>), the circuits' state sharing (Circuits/) and the tools of the
    /// configured MCP servers (Mcp/).
    /// Register an <see cref="IWebSearchProvider"/> to make web_search available.
    /// </summary>
    public static IHostApplicationBuilder AddAgentTools(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ToolOptions>().BindConfiguration(ToolOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddToolCircuits();

        services.AddWebFetchTool();
        services.AddFileEditorTool();
        services.AddWebSearchTool();
        services.AddAskHumanTool();
        services.AddTerminateTool();
        services.AddPinFactTool();
        services.AddSingleton<ToolRegistry>();
        services.AddMcpTools();
        return builder;
    }
}
