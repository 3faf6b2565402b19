namespace AgentPlatform.Core.Domain.Events;

/// <summary>What a model call was for (<c>token.usage</c>'s <c>purpose</c>).</summary>
public enum TokenPurpose
{
    /// <summary>The agent's own calls, planning included.</summary>
    Model,

    /// <summary>A summarizer call of memory compaction.</summary>
    Compaction,

    /// <summary>A model call an MCP server asked for during a tool call (MCP sampling, <c>Mcp:Servers:&lt;name&gt;:AllowSampling</c>).</summary>
    Sampling,
}
