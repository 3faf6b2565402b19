using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Bench.Engine;

/// <summary>
/// A model that answers at once, in this process, so what a run costs is the engine's own work. The prompt says what
/// to do: <c>steps N</c> calls the tool <c>tick</c> N times (counting the tool results so far) and then answers;
/// <c>wait</c> calls the tool <c>wait</c> once and then answers. It reports a fixed usage, as a provider would.
/// </summary>
public sealed class InstantModel : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var prompt = list.Last(m => m.Role == ChatRole.User).Text;
        var toolResults = list.Count(m => m.Role == ChatRole.Tool);
        var wanted = prompt.StartsWith("steps ", StringComparison.Ordinal) ? int.Parse(prompt[6..], CultureInfo.InvariantCulture)
            : prompt == "wait" ? 1
            : 0;
        var tool = prompt == "wait" ? "wait" : "tick";
        ChatMessage reply = toolResults < wanted
            ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call_{toolResults}", tool, new Dictionary<string, object?> { ["n"] = toolResults })])
            : new ChatMessage(ChatRole.Assistant, "Done.");
        return Task.FromResult(new ChatResponse(reply)
        {
            ModelId = "instant",
            FinishReason = toolResults < wanted ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10, TotalTokenCount = 110 },
        });
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

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
