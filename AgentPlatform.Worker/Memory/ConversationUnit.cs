namespace AgentPlatform.Worker.Memory;

/// <summary>
/// Messages that stay together: an assistant message with tool calls and the tool results that answer them (never
/// split), or any other single message.
/// </summary>
public sealed record ConversationUnit(IReadOnlyList<ChatMessage> Messages)
{
    public bool IsModelTurn => Messages[0].Role == ChatRole.Assistant;

    public bool IsUser => Messages[0].Role == ChatRole.User;

    /// <summary>
    /// Splits a conversation into units. A tool result whose call is not in the assistant message right before it is a
    /// unit of its own (so it is kept or dropped as a whole, and never paired wrongly).
    /// </summary>
    public static List<ConversationUnit> Split(IReadOnlyList<ChatMessage> messages)
    {
        List<ConversationUnit> units = [];
        var i = 0;
        while (i < messages.Count)
        {
            var message = messages[i];
            List<ChatMessage> group = [message];
            var calls = message.Role == ChatRole.Assistant
                ? message.Contents.OfType<FunctionCallContent>().Select(c => c.CallId).ToHashSet(StringComparer.Ordinal)
                : [];
            i++;
            while (calls.Count > 0 && i < messages.Count && messages[i].Role == ChatRole.Tool
                && messages[i].Contents.OfType<FunctionResultContent>().All(r => calls.Contains(r.CallId)))
            {
                group.Add(messages[i]);
                i++;
            }

            units.Add(new ConversationUnit(group));
        }

        return units;
    }

    /// <summary>
    /// Where the last <paramref name="exchanges"/> exchanges start: the K-th model turn from the end, together with the
    /// user messages right before it (the prompt or instruction it answers). 0 when there are fewer exchanges.
    /// </summary>
    public static int RecentStart(IReadOnlyList<ConversationUnit> units, int exchanges)
    {
        var turns = 0;
        for (var i = units.Count - 1; i >= 0; i--)
        {
            if (units[i].IsModelTurn && ++turns == exchanges)
            {
                while (i > 0 && units[i - 1].IsUser)
                {
                    i--;
                }

                return i;
            }
        }

        return 0;
    }
}
