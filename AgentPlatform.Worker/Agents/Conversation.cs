namespace AgentPlatform.Worker.Agents;

/// <summary>The messages a run sends: the system prompt, the session's earlier exchanges, then this run's prompt.</summary>
public static class Conversation
{
    public const string SystemPrompt = "You are AgentPlatform's agent. Answer the user's request accurately and concisely.";

    public static List<ChatMessage> For(Session session, Run run)
    {
        List<ChatMessage> messages = [new(ChatRole.System, SystemPrompt)];
        foreach (var earlier in session.Runs.Where(r => r.Number < run.Number && r.IsTerminal).OrderBy(r => r.Number))
        {
            messages.Add(new ChatMessage(ChatRole.User, earlier.Prompt));
            if (!string.IsNullOrEmpty(earlier.Result))
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, earlier.Result));
            }
        }

        messages.Add(new ChatMessage(ChatRole.User, run.Prompt));
        if (run.PendingInput is { } answer)
        {
            messages.Add(new ChatMessage(ChatRole.User, answer));
        }

        return messages;
    }
}
