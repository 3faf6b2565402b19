namespace AgentPlatform.Core.Tools;

/// <summary>A tool circuit's state, serialized as closed · open · half_open.</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>
/// What a Worker publishes about one tool, in its own Redis hash <see cref="ToolRedisKeys.States"/> (field = tool name,
/// value = this record as JSON with <see cref="JsonDefaults.Options"/>). The Api merges every live Worker's for
/// <c>GET /tools</c>.
/// </summary>
/// <param name="Name">The tool's name, as the model sees it (web_fetch, file_editor, web_search, ask_human, terminate).</param>
/// <param name="Description">What the tool does, for people.</param>
/// <param name="Available">False when the tool cannot run at all here (e.g. web_search without a provider).</param>
/// <param name="Circuit">The circuit breaker's state.</param>
/// <param name="UpdatedAt">When this state was written (at a Worker's start, and after a transition or a reset).</param>
/// <param name="Source">Where the tool comes from: <see cref="ToolSources.BuiltIn"/> or <c>mcp:&lt;server&gt;</c> (<see cref="ToolSources.Mcp"/>).</param>
public sealed record ToolState(string Name, string Description, bool Available, CircuitState Circuit, DateTimeOffset UpdatedAt, string Source = ToolSources.BuiltIn);
