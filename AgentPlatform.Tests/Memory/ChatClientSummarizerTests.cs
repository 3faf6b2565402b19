using AgentPlatform.Worker.Llm;
using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Memory;

/// <summary>The summarizer's call and what it reports of its cost: the provider's counts, else the tokenizer's, marked estimated.</summary>
public sealed class ChatClientSummarizerTests
{
    private readonly TokenCounter _tokens = new();

    [Fact]
    public async Task The_provider_s_usage_is_reported_as_exact_and_the_call_carries_the_limits()
    {
        var chat = new AnsweringChat(new UsageDetails { InputTokenCount = 321, OutputTokenCount = 45 });

        var summary = await new ChatClientSummarizer(chat, _tokens).SummarizeAsync("user: hi", "earlier", 100, "small-model", TestContext.Current.CancellationToken);

        Assert.Equal(new MemorySummary("the summary", 321, 45, Estimated: false), summary);
        Assert.Equal(100, chat.Options!.MaxOutputTokens);
        Assert.Equal("small-model", chat.Options.ModelId);
        Assert.EndsWith("Use at most 75 words.", chat.Messages[0].Text);
        Assert.Equal(ChatClientSummarizer.Request("user: hi", "earlier"), chat.Messages[1].Text);
        Assert.StartsWith("Summary so far (fold it into yours):\nearlier\n\n", chat.Messages[1].Text);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Missing_counts_are_estimated_with_the_tokenizer(bool input, bool output)
    {
        var usage = input || output ? new UsageDetails { InputTokenCount = input ? 321 : null, OutputTokenCount = output ? 45 : null } : null;
        var chat = new AnsweringChat(usage);

        var summary = await new ChatClientSummarizer(chat, _tokens).SummarizeAsync("user: hi", null, 100, null, TestContext.Current.CancellationToken);

        Assert.True(summary.Estimated);
        Assert.Equal(input ? 321 : new TokenCounter().Count(chat.Messages), summary.InputTokens);
        Assert.Equal(output ? 45 : _tokens.Count("the summary"), summary.OutputTokens);
        Assert.Equal("Conversation excerpt to summarise:\nuser: hi", chat.Messages[1].Text);
    }

    private sealed class AnsweringChat(UsageDetails? usage) : IChatClient
    {
        public List<ChatMessage> Messages { get; private set; } = [];

        public ChatOptions? Options { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Messages = [.. messages];
            Options = options;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "the summary")) { Usage = usage });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
