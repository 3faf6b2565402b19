namespace AgentPlatform.Core.Domain.Events;

public sealed record ToolResultData(int Step, string CallId, string Tool, string Result, bool IsError) : IEventData;
