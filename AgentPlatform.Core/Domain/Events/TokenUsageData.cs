namespace AgentPlatform.Core.Domain.Events;

/// <param name="Purpose">What the call was for.</param>
/// <param name="CachedTokens">Input tokens the provider served from its prompt cache (part of <paramref name="InputTokens"/>).</param>
/// <param name="Estimated">The provider reported no usage: the counts come from the tokenizer.</param>
public sealed record TokenUsageData(
    TokenPurpose Purpose, int InputTokens, int OutputTokens, int CachedTokens, bool Estimated,
    int RunTokens, int SessionTokens, int TokenBudget) : IEventData;
