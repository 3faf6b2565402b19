using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// The messages a run starts from: the system prompt, the session's earlier exchanges, then this run's prompt. Once a
/// run left a compacted memory (<see cref="Session.MemoryJson"/>), a follow-up starts from that memory and adds only
/// the runs after it, not the raw history. Every message carries its id (<see cref="MemoryMessageIds"/>).
/// </summary>
public static class Conversation
{
    public static List<ChatMessage> For(Session session, Run run, string systemPrompt)
    {
        List<ChatMessage> messages = [new ChatMessage(ChatRole.System, systemPrompt).WithId(MemoryMessageIds.System)];
        var from = 0;
        if (session.MemoryJson is { } memory && session.MemoryRunNumber < run.Number)
        {
            messages.AddRange(MemorySnapshot.FromJson(memory).ToMessages());
            from = session.MemoryRunNumber.Value;
        }

        foreach (var earlier in session.Runs.Where(r => r.Number > from && r.Number < run.Number && r.IsTerminal).OrderBy(r => r.Number))
        {
            messages.Add(new ChatMessage(ChatRole.User, earlier.Prompt).WithId(MemoryMessageIds.Prompt(earlier.Id)));
            if (!string.IsNullOrEmpty(earlier.Result))
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, earlier.Result).WithId(MemoryMessageIds.Result(earlier.Id)));
            }
        }

        messages.Add(new ChatMessage(ChatRole.User, run.Prompt).WithId(MemoryMessageIds.Prompt(run.Id)));
        return messages;
    }
}
