namespace AgentPlatform.Worker.Llm;

/// <summary>
/// Marks the instructions the engine adds to a conversation (in <see cref="AIContent.AdditionalProperties"/> of the
/// message, under <see cref="Key"/>), so the simulated model can tell a planning request from a step or the final call.
/// Real providers never see the mark: it is not part of the wire format.
/// </summary>
public static class EngineMessageKind
{
    public const string Key = "agentplatform.kind";
    public const string Plan = "plan";
    public const string Step = "step";
    public const string Final = "final";
    public const string Nudge = "nudge";
    public const string Replan = "replan";

    /// <summary>The compacted memory (summary, plan, pinned facts) that stands for older messages.</summary>
    public const string Memory = "memory";

    public static ChatMessage Instruction(string kind, string text) =>
        new(ChatRole.User, text) { AdditionalProperties = new() { [Key] = kind } };

    public static string? Of(ChatMessage message) =>
        message.AdditionalProperties?.TryGetValue(Key, out var kind) == true ? kind as string : null;
}
