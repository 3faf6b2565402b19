namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis run: <c>Infrastructure:Mode</c>.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container engine answers, local processes otherwise.</summary>
    Auto,
    Containers,
    Local,
}
