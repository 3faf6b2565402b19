namespace AgentPlatform.Worker.Agents.Approvals;

public static class ApprovalServiceExtensions
{
    /// <summary>Tool calls held for approval (<c>RequireApproval</c>) and the sweep that times them out.</summary>
    public static IServiceCollection AddToolApprovals(this IServiceCollection services)
    {
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ApprovalGate>();
        services.AddSingleton<ApprovalTimeoutSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ApprovalTimeoutSweeper>());
        return services;
    }
}
