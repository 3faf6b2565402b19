namespace AgentPlatform.Worker.Memory;

/// <summary>
/// Shortens an assistant message's long text to its beginning and a note of what was cut (the original stays in the
/// run's model checkpoint); its tool calls are untouched, so their results still pair with them.
/// </summary>
public sealed class AssistantTextTrimmer(TokenCounter tokens, CompactionOptions options)
{
    public const string Marker = "[trimmed:";

    /// <summary>What a trimmed text keeps, in characters: about four stub previews.</summary>
    private int KeepChars => Math.Max(80, options.StubPreviewChars * 4);

    public ChatMessage Trim(ChatMessage message)
    {
        if (message.Role != ChatRole.Assistant || tokens.Count(message) <= 2 * options.MaskMinTokens
            || !message.Contents.OfType<TextContent>().Any(IsLong))
        {
            return message;
        }

        List<AIContent> contents = [.. message.Contents.Select(c => c is TextContent t && IsLong(t)
            ? new TextContent($"{t.Text[..KeepChars].TrimEnd()}… {Marker} {t.Text.Length - KeepChars} more characters]")
            : c)];
        return new ChatMessage(message.Role, contents) { MessageId = message.MessageId, AdditionalProperties = message.AdditionalProperties };
    }

    private bool IsLong(TextContent text) => text.Text.Length > KeepChars + 120 && !text.Text.Contains(Marker, StringComparison.Ordinal);
}
