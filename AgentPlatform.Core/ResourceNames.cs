namespace AgentPlatform.Core;

/// <summary>Names shared by the AppHost and the services: resources, connection strings, telemetry.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Database = "agentdb";
    public const string Redis = "redis";
    public const string Api = "api";
    public const string Worker = "worker";
    public const string Gateway = "gateway";
    public const string Llm = "llm";
    public const string Prometheus = "prometheus";
    public const string Grafana = "grafana";

    public const string ApiTelemetry = "AgentPlatform.Api";
    public const string WorkerTelemetry = "AgentPlatform.Worker";
    public const string JobsTelemetry = "AgentPlatform.Jobs";

    /// <summary>Every ActivitySource and Meter of the platform matches this (OpenTelemetry wildcard).</summary>
    public const string TelemetryWildcard = "AgentPlatform.*";
}
