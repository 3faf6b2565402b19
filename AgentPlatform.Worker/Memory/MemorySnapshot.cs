using System.Text.Json;

namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The compacted memory a follow-up run starts from (stored as <see cref="Session.MemoryJson"/>): the memory block
/// (summary, plan, pinned facts) and the user and assistant messages of the runs it covers that stayed verbatim.
/// </summary>
public sealed record MemorySnapshot(MemoryBlock Block, IReadOnlyList<MemorySnapshot.Entry> Messages)
{
    public sealed record Entry(string Role, string? Id, string Text);

    /// <summary>
    /// The memory after a run: the conversation up to the run's prompt (the memory block and the earlier messages that
    /// stayed verbatim), the prompt, and the run's result; pinned facts from the whole run. Null when the run left no
    /// memory to carry (never compacted, nothing pinned): the follow-up then reads the raw history as before.
    /// </summary>
    public static MemorySnapshot? After(IReadOnlyList<ChatMessage> messages, string promptId, string? result, string resultId, IReadOnlyList<PlanStep> plan)
    {
        var previous = messages.Select(MemoryBlock.Of).LastOrDefault(b => b is not null);
        var pins = PinnedFacts.Collect(messages);
        if (previous is null && pins.Count == 0)
        {
            return null;
        }

        var promptAt = messages.ToList().FindIndex(m => m.MessageId == promptId);
        var entries = messages.Take(promptAt + 1)
            .Where(m => m.Role != ChatRole.System && MemoryBlock.Of(m) is null && m.Text.Length > 0 && (m.Role == ChatRole.User || m.Role == ChatRole.Assistant))
            .Select(m => new Entry(m.Role.Value, m.MessageId, m.Text))
            .ToList();
        if (!string.IsNullOrEmpty(result))
        {
            entries.Add(new Entry(ChatRole.Assistant.Value, resultId, result));
        }

        return new MemorySnapshot(new MemoryBlock(previous?.Summary, plan.Count > 0 ? plan : previous?.Plan ?? [], pins), entries);
    }

    public IEnumerable<ChatMessage> ToMessages() =>
        [Block.ToMessage(), .. Messages.Select(e => new ChatMessage(new ChatRole(e.Role), e.Text) { MessageId = e.Id })];

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static MemorySnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<MemorySnapshot>(json, JsonDefaults.Options) ?? throw new InvalidOperationException("An empty memory snapshot.");
}
