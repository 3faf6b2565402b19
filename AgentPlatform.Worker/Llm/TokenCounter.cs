using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace AgentPlatform.Worker.Llm;

/// <summary>
/// Counts tokens with the o200k_base tokenizer (GPT-4o family): the reservation before each model call, and usage where
/// a provider reports none. A run's messages are counted before every call, so each message's count is remembered for
/// as long as the message lives.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>Per-message overhead of the chat format (role and separators), as OpenAI documents it.</summary>
    public const int PerMessageOverhead = 4;

    /// <summary>Per-tool overhead of a function declaration's wrapping (type, name and parameters keys).</summary>
    public const int PerToolOverhead = 8;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");

    // A message is counted once: the engine never changes a message it added (compaction replaces messages instead),
    // so the prompt of each call and each compaction step re-count only what is new.
    private readonly ConditionalWeakTable<ChatMessage, StrongBox<int>> _counted = [];

    // Every model call declares the offered tools again (new instances each time, the same name, description and
    // schema): each declaration is tokenized once per process, not once per call. Bounded, as MCP servers' tools change.
    private const int MaxDeclarations = 4096;
    private readonly ConcurrentDictionary<string, int> _declared = new(StringComparer.Ordinal);

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    /// <summary>The messages as a model reads them: text, tool calls (name and arguments) and tool results.</summary>
    public int Count(IEnumerable<ChatMessage> messages) => messages.Sum(Count);

    /// <summary>One message, its overhead included; remembered per message instance (messages are not changed once added).</summary>
    public int Count(ChatMessage message) =>
        _counted.GetValue(message, m => new StrongBox<int>(PerMessageOverhead + m.Contents.Sum(Count))).Value;

    /// <summary>The tool declarations sent with a call: name, description and arguments schema of each.</summary>
    public int Count(IEnumerable<AITool> tools) => tools.Sum(Count);

    /// <summary>One tool declaration, its overhead included.</summary>
    public int Count(AITool tool)
    {
        var schema = tool is AIFunctionDeclaration f ? f.JsonSchema.GetRawText() : "";
        var key = string.Concat(tool.Name, "\n", tool.Description, "\n", schema);
        if (_declared.TryGetValue(key, out var count))
        {
            return count;
        }

        count = PerToolOverhead + Count(tool.Name) + Count(tool.Description) + Count(schema);
        if (_declared.Count >= MaxDeclarations)
        {
            _declared.Clear();
        }

        _declared[key] = count;
        return count;
    }

    private int Count(AIContent content) => content switch
    {
        TextContent text => Count(text.Text),
        TextReasoningContent reasoning => Count(reasoning.Text),
        FunctionCallContent call => Count(call.CallId) + Count(call.Name)
            + Count(JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions)),
        FunctionResultContent result => Count(result.CallId) + Count(result.Result as string ?? JsonSerializer.Serialize(result.Result, AIJsonUtilities.DefaultOptions)),
        _ => 0,
    };
}
