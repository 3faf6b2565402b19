using System.Text.Json;
using AgentPlatform.Core.Tools;

namespace AgentPlatform.Tests.Events;

/// <summary>One filled-in payload of every event type, with every optional field set.</summary>
internal static class EventSamples
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly PlanStep[] Steps = [new(1, "Find the figures", PlanStepStatus.Completed), new(2, "Write the answer", PlanStepStatus.NotStarted)];

    public static IReadOnlyList<IEventData> All { get; } =
    [
        new SessionCreatedData(TaskType.Analysis, 4000, 20, "gpt-4o-mini"),
        new SessionStatusChangedData(SessionStatus.Processing, SessionStatus.WaitingForInput),
        new RunQueuedData(2, "and then?", MultitaskStrategy.Enqueue),
        new RunStartedData(2, "gpt-4o-mini"),
        new RunCompletedData(2, SessionStatus.Incomplete, StopReason.BudgetExceeded, "partial", "out of budget", 3900),
        new PlanCreatedData(Steps),
        new PlanUpdatedData(Steps, PlanAuthor.Planner),
        new PlanStepUpdatedData(1, "Find the figures", PlanStepStatus.InProgress),
        new AgentThinkingData("looking", 1),
        new AgentMessageDeltaData(3, "Hel"),
        new AgentMessageData("Hello", MessageRole.User),
        new ToolCalledData(3, "call_1", "web_fetch", JsonSerializer.SerializeToElement(new { url = "https://example.org" })),
        new ToolResultData(3, "call_1", "web_fetch", "<html>", IsError: true),
        new ToolStatusData("web_fetch", "Fetches a page", true, CircuitState.HalfOpen, At),
        new TokenUsageData(TokenPurpose.Compaction, 1200, 300, 100, true, 1500, 2500, 4000),
        new MemoryCompactedData(MemoryStrategies.Summarize, "proactive", 3000, 900, 2100, "they talked", ["m1", "m2"], 2100, 1),
        new InputRequestedData("Which city?"),
        new ApprovalRequestedData(3, "call_2", "file_editor", JsonSerializer.SerializeToElement(new { command = "create" }), "The general profile requires approval for file_editor."),
        new ElicitationResolvedData("call_4", Guid.Parse("01a2313e-e448-7e41-8875-28e61dfece53"), ElicitationAction.Accept,
            JsonSerializer.SerializeToElement(new { city = "Lisbon" }), "user"),
        new ApprovalResolvedData("call_2", ApprovalDecision.Approve, JsonSerializer.SerializeToElement(new { command = "view" }), "view is enough"),
        new WebhookFailedData(12, 8, "The receiver answered 500."),
    ];
}
