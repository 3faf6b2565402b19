using Microsoft.ML.Tokenizers;

namespace AgentPlatform.Worker.Llm;

/// <summary>Counts tokens with the o200k_base tokenizer (GPT-4o family), used where a provider reports no usage.</summary>
public sealed class TokenCounter
{
    /// <summary>Per-message overhead of the chat format (role and separators), as OpenAI documents it.</summary>
    public const int PerMessageOverhead = 4;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    public int Count(IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => PerMessageOverhead + Count(m.Text));
}
