namespace AgentPlatform.Worker.Agents;

/// <summary>The messages a run starts from: the system prompt, the session's earlier exchanges, then this run's prompt.</summary>
public static class Conversation
{
    public static List<ChatMessage> For(Session session, Run run, string systemPrompt)
    {
        List<ChatMessage> messages = [new(ChatRole.System, systemPrompt)];
        foreach (var earlier in session.Runs.Where(r => r.Number < run.Number && r.IsTerminal).OrderBy(r => r.Number))
        {
            messages.Add(new ChatMessage(ChatRole.User, earlier.Prompt));
            if (!string.IsNullOrEmpty(earlier.Result))
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, earlier.Result));
            }
        }

        messages.Add(new ChatMessage(ChatRole.User, run.Prompt));
        return messages;
    }
}
