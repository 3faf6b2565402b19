namespace AgentPlatform.Core.Domain;

/// <summary>The event types of the public contract.</summary>
public static class EventTypes
{
    public const string SessionCreated = "session.created";
    public const string SessionStatusChanged = "session.status_changed";
    public const string RunQueued = "run.queued";
    public const string RunStarted = "run.started";
    public const string RunCompleted = "run.completed";
    public const string PlanCreated = "plan.created";
    public const string PlanUpdated = "plan.updated";
    public const string PlanStepUpdated = "plan.step_updated";
    public const string AgentThinking = "agent.thinking";
    public const string AgentMessageDelta = "agent.message_delta";
    public const string AgentMessage = "agent.message";
    public const string ToolCalled = "tool.called";
    public const string ToolResult = "tool.result";
    public const string ToolStatus = "tool.status";
    public const string TokenUsage = "token.usage";
    public const string MemoryCompacted = "memory.compacted";
    public const string InputRequested = "input.requested";
    public const string ApprovalRequested = "approval.requested";
    public const string ApprovalResolved = "approval.resolved";
    public const string ElicitationResolved = "elicitation.resolved";
    public const string WebhookFailed = "webhook.failed";
}
