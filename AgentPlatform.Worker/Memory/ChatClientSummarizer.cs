namespace AgentPlatform.Worker.Memory;

/// <summary>The summarizer over the Worker's chat client: <c>Agents:Compaction:SummarizerModel</c>, else the run's model.</summary>
public sealed class ChatClientSummarizer(IChatClient chat, TokenCounter tokens) : IMemorySummarizer
{
    public const string Instructions =
        "You compact the working memory of an AI agent that is in the middle of a task. Summarise the conversation excerpt " +
        "so that the agent can carry on without it: keep the user's requirements, decisions, findings, numbers, names, file " +
        "paths, URLs, errors and open questions; drop pleasantries and repetition. The plan and the pinned facts are kept " +
        "separately: do not repeat them. Write plain sentences or bullets, no preamble.";

    public async Task<MemorySummary> SummarizeAsync(string transcript, string? previousSummary, int maxTokens, string? model, CancellationToken cancellationToken)
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.System, $"{Instructions} Use at most {maxTokens * 3 / 4} words."),
            new(ChatRole.User, Request(transcript, previousSummary)),
        ];
        var response = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = maxTokens, ModelId = model }, cancellationToken);
        var usage = response.Usage;
        var estimated = usage?.InputTokenCount is null || usage.OutputTokenCount is null;
        return new MemorySummary(
            response.Text,
            (int)(usage?.InputTokenCount ?? tokens.Count(messages)),
            (int)(usage?.OutputTokenCount ?? tokens.Count(response.Text)),
            estimated);
    }

    /// <summary>The user message of a summarizer call (also what the engine prices before deciding to make one).</summary>
    public static string Request(string transcript, string? previousSummary) =>
        (string.IsNullOrWhiteSpace(previousSummary) ? "" : $"Summary so far (fold it into yours):\n{previousSummary}\n\n")
        + $"Conversation excerpt to summarise:\n{transcript}";
}
