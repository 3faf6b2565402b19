using System.Text;
using System.Text.Json;

namespace AgentPlatform.Worker.Memory;

/// <summary>Messages as plain text for the summarizer: one paragraph per message, tool calls and results named.</summary>
public static class Transcript
{
    public static string Render(IEnumerable<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                var line = content switch
                {
                    TextContent t when t.Text.Length > 0 => $"{message.Role.Value}: {t.Text}",
                    FunctionCallContent call => $"{message.Role.Value} called {call.Name}({JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions)})",
                    FunctionResultContent result => $"tool result: {result.Result}",
                    _ => null,
                };
                if (line is not null)
                {
                    text.Append(line).Append("\n\n");
                }
            }
        }

        return text.ToString().TrimEnd();
    }
}
