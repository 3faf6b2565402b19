using System.ClientModel;
using AgentPlatform.Worker.Llm;
using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAI;

namespace AgentPlatform.Tests.Memory;

/// <summary>The compaction pipeline with its summarizer on the fake LLM server over HTTP (the Worker's OpenAI client).</summary>
internal sealed class MemoryTestKit : IAsyncDisposable
{
    public static readonly TokenCounter Tokens = new();

    private MemoryTestKit(FakeLlmServer server, CompactionOptions options)
    {
        Server = server;
        Options = options;
        IChatClient chat = new OpenAIClient(new ApiKeyCredential(FakeLlmServer.DefaultKey), new OpenAIClientOptions { Endpoint = server.Endpoint })
            .GetChatClient(FakeLlmServer.DefaultModel).AsIChatClient();
        Compactor = new MemoryCompactor(Tokens, new ChatClientSummarizer(chat, Tokens), Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<MemoryCompactor>.Instance);
    }

    public FakeLlmServer Server { get; }

    public CompactionOptions Options { get; }

    public MemoryCompactor Compactor { get; }

    public static async Task<MemoryTestKit> StartAsync(CompactionOptions? options = null) =>
        new(await FakeLlmServer.StartAsync(), options ?? new CompactionOptions { KeepRecentExchanges = 2 });

    /// <summary>Compacts <paramref name="messages"/> down to <paramref name="target"/> tokens, with a budget for a summarizer call.</summary>
    public Task<CompactionResult> CompactAsync(IReadOnlyList<ChatMessage> messages, int target, int summarizerBudget = 100_000,
        IReadOnlyList<PlanStep>? plan = null, string? model = null) =>
        Compactor.CompactAsync(new CompactionRequest(messages, new HashSet<string> { Transcripts.PromptId }, target, plan ?? [], summarizerBudget, model),
            TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
