namespace AgentPlatform.Worker.Tools;

/// <summary>Who a tool call is for: tools that keep state (the file editor's workspace) keep it per session.</summary>
public sealed record ToolContext(Guid SessionId);
