namespace AgentPlatform.Worker.Memory;

/// <summary>A summarizer's answer and what it cost (the provider's usage, else the tokenizer's count: <see cref="Estimated"/>).</summary>
public sealed record MemorySummary(string Text, int InputTokens, int OutputTokens, bool Estimated);
