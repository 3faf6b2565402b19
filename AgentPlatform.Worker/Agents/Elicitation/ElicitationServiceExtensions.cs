namespace AgentPlatform.Worker.Agents.Elicitation;

public static class ElicitationServiceExtensions
{
    /// <summary>MCP servers' requests for input answered by the run's user: the Redis signal the waiting calls listen to.</summary>
    public static IServiceCollection AddElicitation(this IServiceCollection services)
    {
        services.AddSingleton<InputSignals>();
        services.AddHostedService(sp => sp.GetRequiredService<InputSignals>());
        return services;
    }
}
