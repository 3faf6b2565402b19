namespace AgentPlatform.Worker.Memory;

/// <summary>
/// The cheap step: an older tool output longer than <see cref="CompactionOptions.MaskMinTokens"/> becomes a stub (its
/// size, its first characters and a pointer to the archived original); the call and its pairing are untouched.
/// </summary>
public sealed class ToolOutputMasker(TokenCounter tokens, CompactionOptions options)
{
    public const string StubPrefix = "[archived tool output";

    /// <summary>The message with its long outputs stubbed, or the same message when nothing was masked.</summary>
    public ChatMessage Mask(ChatMessage message)
    {
        // The message's count is the one the engine already made (remembered per message): no tokenizing here.
        if (message.Role != ChatRole.Tool || tokens.Count(message) - TokenCounter.PerMessageOverhead <= options.MaskMinTokens
            || !message.Contents.OfType<FunctionResultContent>().Any(IsLong))
        {
            return message;
        }

        List<AIContent> contents = [.. message.Contents.Select(c => c is FunctionResultContent r && IsLong(r)
            ? new FunctionResultContent(r.CallId, Stub(r.CallId, Text(r)))
            : c)];
        return new ChatMessage(message.Role, contents) { MessageId = message.MessageId, AdditionalProperties = message.AdditionalProperties };
    }

    /// <summary>Longer than a stub would be (a token is at most a few characters; the message's count decided the rest).</summary>
    private bool IsLong(FunctionResultContent result)
    {
        var text = Text(result);
        return text.Length > options.StubPreviewChars + 120 && !text.StartsWith(StubPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The pointer is the call id: with the run it names the <c>run_checkpoints</c> row that keeps the output (a stub
    /// never leaves its run; memory.compacted lists the full message ids). Short, as the stub is paid for on every call.
    /// </summary>
    private string Stub(string callId, string text)
    {
        // Only a long output is stubbed (IsLong), so there is always more than the preview.
        var preview = text[..options.StubPreviewChars] + "…";
        preview = string.Join(' ', preview.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return $"{StubPrefix}: {text.Length} characters, kept with call {callId}. It began: {preview}]";
    }

    private static string Text(FunctionResultContent result) => result.Result as string ?? result.Result?.ToString() ?? "";
}
