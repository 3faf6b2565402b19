namespace AgentPlatform.Worker.Tools.BuiltIn.Terminate;

public static class TerminateServiceExtensions
{
    /// <summary>terminate: the agent ends the run itself.</summary>
    public static IServiceCollection AddTerminateTool(this IServiceCollection services)
    {
        services.AddSingleton<AgentTool, TerminateTool>();
        return services;
    }
}
