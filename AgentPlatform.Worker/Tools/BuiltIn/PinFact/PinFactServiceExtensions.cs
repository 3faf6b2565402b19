namespace AgentPlatform.Worker.Tools.BuiltIn.PinFact;

public static class PinFactServiceExtensions
{
    /// <summary>pin_fact: facts that every memory compaction keeps verbatim.</summary>
    public static IServiceCollection AddPinFactTool(this IServiceCollection services)
    {
        services.AddSingleton<AgentTool, PinFactTool>();
        return services;
    }
}
