namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The ids the engine gives its messages (<see cref="ChatMessage.MessageId"/>): each names where the original stays in
/// PostgreSQL, so <c>memory.compacted</c>'s archived ids can be looked up. <c>run:{runId}:prompt|result</c> → the
/// <c>runs</c> row; <c>checkpoint:{runId}:{step}</c> → the model response in <c>run_checkpoints</c> (call id empty);
/// <c>checkpoint:{runId}:{step}:{callId}</c> → that tool call's row, whose <c>result</c> is the output;
/// <c>instruction:{runId}:{step}:{kind}</c> → fixed engine text (plan, step, final, nudge), rebuilt from the plan.
/// </summary>
public static class MemoryMessageIds
{
    public const string System = "system";
    public const string Memory = "memory";

    public static string Prompt(Guid runId) => $"run:{runId}:prompt";

    public static string Result(Guid runId) => $"run:{runId}:result";

    public static string Model(Guid runId, int step) => $"checkpoint:{runId}:{step}";

    public static string Tool(Guid runId, int step, string callId) => $"checkpoint:{runId}:{step}:{callId}";

    public static string Instruction(Guid runId, int step, string? kind) => $"instruction:{runId}:{step}:{kind}";

    public static ChatMessage WithId(this ChatMessage message, string id)
    {
        message.MessageId = id;
        return message;
    }
}
