namespace AgentPlatform.Worker.Tools.BuiltIn.WebSearch;

public static class WebSearchServiceExtensions
{
    /// <summary>web_search; unavailable until an IWebSearchProvider is registered.</summary>
    public static IServiceCollection AddWebSearchTool(this IServiceCollection services)
    {
        services.AddSingleton<AgentTool, WebSearchTool>();
        return services;
    }
}
