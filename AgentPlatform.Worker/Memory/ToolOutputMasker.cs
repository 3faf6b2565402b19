namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The cheap step: an older tool output longer than <see cref="CompactionOptions.MaskMinTokens"/> becomes a stub (its
/// size, its first characters and the id of the archived original); the call and its pairing are untouched.
/// </summary>
public sealed class ToolOutputMasker(TokenCounter tokens, CompactionOptions options)
{
    public const string StubPrefix = "[archived tool output";

    /// <summary>The message with its long outputs stubbed, or the same message when nothing was masked.</summary>
    public ChatMessage Mask(ChatMessage message)
    {
        if (message.Role != ChatRole.Tool || !message.Contents.OfType<FunctionResultContent>().Any(IsLong))
        {
            return message;
        }

        List<AIContent> contents = [.. message.Contents.Select(c => c is FunctionResultContent r && IsLong(r)
            ? new FunctionResultContent(r.CallId, Stub(message.MessageId, Text(r)))
            : c)];
        return new ChatMessage(message.Role, contents) { MessageId = message.MessageId, AdditionalProperties = message.AdditionalProperties };
    }

    public static bool IsStub(ChatMessage message) =>
        message.Contents.OfType<FunctionResultContent>().Any(r => Text(r).StartsWith(StubPrefix, StringComparison.Ordinal));

    private bool IsLong(FunctionResultContent result)
    {
        var text = Text(result);
        // Cheap bound first: a token is at least one character.
        return text.Length > options.MaskMinTokens && !text.StartsWith(StubPrefix, StringComparison.Ordinal)
            && tokens.Count(text) > options.MaskMinTokens;
    }

    private string Stub(string? id, string text)
    {
        var preview = text.Length <= options.StubPreviewChars ? text : text[..options.StubPreviewChars] + "…";
        preview = string.Join(' ', preview.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return $"{StubPrefix}: {text.Length} characters, id {id ?? "unknown"}. It began: {preview}]";
    }

    private static string Text(FunctionResultContent result) => result.Result as string ?? result.Result?.ToString() ?? "";
}
