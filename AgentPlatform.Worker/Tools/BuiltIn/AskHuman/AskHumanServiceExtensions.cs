namespace AgentPlatform.Worker.Tools.BuiltIn.AskHuman;

public static class AskHumanServiceExtensions
{
    /// <summary>ask_human: the agent pauses the run to ask the user.</summary>
    public static IServiceCollection AddAskHumanTool(this IServiceCollection services)
    {
        services.AddSingleton<AgentTool, AskHumanTool>();
        return services;
    }
}
