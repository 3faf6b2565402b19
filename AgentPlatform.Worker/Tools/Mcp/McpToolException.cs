namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// An MCP tool answered <c>isError: true</c>, or its server is unreachable: the tool failed (unlike a
/// <see cref="ToolException"/>, this counts for its circuit breaker).
/// </summary>
public sealed class McpToolException(string message) : Exception(message);
