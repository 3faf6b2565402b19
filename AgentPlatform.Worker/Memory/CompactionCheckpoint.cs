using System.Text.Json;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// A compaction as its <c>memory</c> checkpoint keeps it (step: the model call it preceded; call id: <see cref="Key"/>
/// of its trigger), written with its memory.compacted event and its summarizer's token.usage. A job delivered again
/// re-applies it at that step instead of compacting anew: the same memory, no second event, no second summarizer call.
/// <see cref="Messages"/> is null when it shortened nothing (a summarizer call was paid for, the messages stayed).
/// </summary>
public sealed record CompactionCheckpoint(IReadOnlyList<StoredMessage>? Messages)
{
    /// <summary>The triggers in the order they can happen before one model call.</summary>
    public static readonly IReadOnlyList<string> Triggers = [CompactionTriggers.Proactive, CompactionTriggers.ContextLength];

    public static string Key(string trigger) => $"compaction:{trigger}";

    public static CompactionCheckpoint Of(CompactionResult result) =>
        new(result.Compacted ? [.. result.Messages.Select(StoredMessage.From)] : null);

    /// <summary>Replaces <paramref name="messages"/> with the compacted ones; false when the compaction shortened nothing.</summary>
    public bool ApplyTo(List<ChatMessage> messages)
    {
        if (Messages is null)
        {
            return false;
        }

        messages.Clear();
        messages.AddRange(Messages.Select(m => m.ToMessage()));
        return true;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static CompactionCheckpoint FromJson(string json) =>
        JsonSerializer.Deserialize<CompactionCheckpoint>(json, JsonDefaults.Options) ?? throw new InvalidOperationException("An empty compaction checkpoint.");
}
