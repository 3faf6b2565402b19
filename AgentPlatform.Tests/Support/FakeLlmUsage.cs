namespace AgentPlatform.Tests.Support;

/// <summary>The usage block the fake LLM server reports: OpenAI's prompt_tokens, completion_tokens and prompt_tokens_details.cached_tokens.</summary>
public sealed record FakeLlmUsage(int PromptTokens, int CompletionTokens, int CachedTokens = 0)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
