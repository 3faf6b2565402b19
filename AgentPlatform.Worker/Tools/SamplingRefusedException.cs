namespace AgentPlatform.Worker.Tools;

/// <summary>A model call a tool's server asked for (MCP sampling) was refused: the message says why, for the server.</summary>
public sealed class SamplingRefusedException(string message) : Exception(message);
