using System.Collections.Concurrent;

namespace AgentPlatform.Worker.Agents.Planning;

/// <summary>
/// Which providers refused structured output (HTTP 400 about <c>response_format</c>): after the first refusal, calls
/// to that provider ask for none and their answers go through <see cref="PlanParser"/>. Kept for the process's life,
/// per provider (name and endpoint) and model.
/// </summary>
public sealed class StructuredOutputSupport
{
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.Ordinal);

    public bool IsRefused(IChatClient chat, string? modelId) => _refused.ContainsKey(Key(chat, modelId));

    public void MarkRefused(IChatClient chat, string? modelId) => _refused[Key(chat, modelId)] = true;

    private static string Key(IChatClient chat, string? modelId) =>
        chat.GetService<ChatClientMetadata>() is { } metadata
            ? $"{metadata.ProviderName}|{metadata.ProviderUri}|{modelId ?? metadata.DefaultModelId}"
            : $"?|{modelId}";
}
