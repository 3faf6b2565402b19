namespace AgentPlatform.Core.Tools;

/// <summary>A tool circuit's state, serialized as closed · open · half_open.</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>
/// What the Worker publishes about one tool, in the Redis hash <see cref="ToolRedisKeys.States"/> (field = tool name,
/// value = this record as JSON with <see cref="JsonDefaults.Options"/>). The Api reads it for <c>GET /tools</c>.
/// </summary>
/// <param name="Name">The tool's name, as the model sees it (web_fetch, file_editor, web_search, ask_human, terminate).</param>
/// <param name="Description">What the tool does, for people.</param>
/// <param name="Available">False when the tool cannot run at all here (e.g. web_search without a provider).</param>
/// <param name="Circuit">The circuit breaker's state.</param>
/// <param name="UpdatedAt">When this state was written.</param>
public sealed record ToolState(string Name, string Description, bool Available, CircuitState Circuit, DateTimeOffset UpdatedAt);

/// <summary>The Redis names tools use across processes.</summary>
public static class ToolRedisKeys
{
    /// <summary>Hash: tool name → <see cref="ToolState"/> JSON.</summary>
    public const string States = "agentplatform:tools:states";

    /// <summary>Pub/sub channel the Api publishes a tool name on to close that tool's circuit on every Worker.</summary>
    public const string ResetChannel = "agentplatform:tools:reset";
}
