using System.Runtime.CompilerServices;
using AgentPlatform.Core.Llm;

namespace AgentPlatform.Worker.Llm;

/// <summary>
/// The built-in model used in Development when no provider is configured. It is deterministic (same messages, same
/// answer) and reports usage counted with the real tokenizer, so every path that does not need real intelligence runs.
/// <c>Llm:Simulated:LatencyMs</c> makes each call take that long (cancellable), like a real model's thinking time.
/// </summary>
public sealed class SimulatedChatClient(TokenCounter tokens, TimeSpan latency) : IChatClient
{
    private static readonly ChatClientMetadata Metadata = new("simulated", null, LlmConnection.SimulatedModel);

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        var list = messages.ToList();
        var text = Answer(list);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = LlmConnection.SimulatedModel,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = tokens.Count(list),
                OutputTokenCount = tokens.Count(text),
            },
        };
        response.Usage.TotalTokenCount = response.Usage.InputTokenCount + response.Usage.OutputTokenCount;
        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static string Answer(IReadOnlyList<ChatMessage> messages)
    {
        var prompt = messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var words = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var gist = string.Join(' ', words.Take(24));
        return $"[simulated model] I read your request ({words.Length} words): \"{gist}{(words.Length > 24 ? " …" : "")}\". " +
               "This answer comes from the built-in simulated model because no LLM provider is configured; " +
               "set the connection string 'llm' to use a real one.";
    }
}
