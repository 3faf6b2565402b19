namespace AgentPlatform.Worker.Tools;

/// <summary>
/// Who a tool call is for: tools that keep state (the file editor's workspace) keep it per session. <see cref="Sampler"/>
/// is the run's model, paid from the session's budget, for a tool whose server asks for a completion (MCP sampling);
/// <see cref="Input"/> the run's user, for a tool whose server asks for input (MCP elicitation); both null outside a run.
/// </summary>
public sealed record ToolContext(Guid SessionId, IChatClient? Sampler = null, IToolInput? Input = null);
