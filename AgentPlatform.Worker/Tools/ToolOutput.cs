namespace AgentPlatform.Worker.Tools;

/// <summary>Keeps tool output within what the model's context can take.</summary>
internal static class ToolOutput
{
    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = maxChars;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return $"{text[..cut]}\n\n[output truncated: showing the first {cut:N0} of {text.Length:N0} characters]";
    }
}
