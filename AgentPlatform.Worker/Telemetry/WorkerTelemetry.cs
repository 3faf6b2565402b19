using System.Diagnostics;

namespace AgentPlatform.Worker.Telemetry;

/// <summary>The Worker's ActivitySource (registered by ServiceDefaults through the AgentPlatform.* wildcard).</summary>
public static class WorkerTelemetry
{
    public static readonly ActivitySource Source = new(ResourceNames.WorkerTelemetry);

    public const string SessionIdTag = "agentplatform.session_id";
    public const string RunIdTag = "agentplatform.run_id";
}
