using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentPlatform.Core.Agents;
using AgentPlatform.Worker.Agents;
using AgentPlatform.Worker.Llm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// The run's model lent to an MCP server (sampling), against a real PostgreSQL: the run's model is used, the cap is
/// what the budget can pay, the usage is recorded as sampling, and a call the budget cannot pay is refused.
/// </summary>
public sealed class RunSamplerTests(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly ScratchDatabase _database = new(infrastructure, "sampler");

    public async ValueTask InitializeAsync() => await _database.MigrateAsync(_ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_call_without_options_goes_to_the_run_s_model_at_the_engine_s_cap_and_its_usage_is_recorded()
    {
        var chat = new StreamingChat();
        var (sampler, sessionId) = await SamplerAsync(chat, new EngineOptions { MaxOutputTokens = 300 });

        var response = await sampler.GetResponseAsync([new(ChatRole.User, "Summarise this page.")], null, _ct);

        Assert.Equal("sampled answer", response.Text);
        Assert.Equal("run-model", chat.Options!.ModelId);
        Assert.Equal(300, chat.Options.MaxOutputTokens);
        var usage = await SamplingUsageAsync(sessionId);
        Assert.Equal(120, usage.GetProperty("inputTokens").GetInt32());
        Assert.Equal(7, usage.GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task The_server_s_cap_is_kept_when_lower_and_its_model_choice_is_not()
    {
        var chat = new StreamingChat();
        var (sampler, _) = await SamplerAsync(chat, new EngineOptions { MaxOutputTokens = 300 });

        await sampler.GetResponseAsync([new(ChatRole.User, "Summarise this page.")], new ChatOptions { MaxOutputTokens = 100, ModelId = "server-choice" }, _ct);

        Assert.Equal("run-model", chat.Options!.ModelId);
        Assert.Equal(100, chat.Options.MaxOutputTokens);
    }

    [Fact]
    public async Task A_call_the_budget_cannot_pay_is_refused_before_the_model_is_called()
    {
        var chat = new StreamingChat();
        var (sampler, sessionId) = await SamplerAsync(chat, new EngineOptions { MinOutputTokens = 5000 });

        var refused = await Assert.ThrowsAsync<SamplingRefusedException>(() => sampler.GetResponseAsync([new(ChatRole.User, "Summarise.")], null, _ct));

        Assert.Contains("4000 remain", refused.Message);
        Assert.Null(chat.Options);
        await using var db = _database.Context();
        Assert.False(await db.Events.AnyAsync(e => e.SessionId == sessionId && e.Type == "token.usage", _ct));
    }

    private async Task<(RunSampler Sampler, Guid SessionId)> SamplerAsync(StreamingChat chat, EngineOptions options)
    {
        var seeded = await _database.SeedSessionAsync(ended: false, DateTimeOffset.UtcNow, _ct);
        var db = _database.Context();
        var session = await db.Sessions.FirstAsync(s => s.Id == seeded.Id, _ct);
        var run = new RunContext(db, session, session.Runs[0].Id, new AgentProfile { Model = "run-model" }, [], new StuckDetector(3));
        return (new RunSampler(chat, run, new TokenCounter(), options, TimeProvider.System), seeded.Id);
    }

    private async Task<JsonElement> SamplingUsageAsync(Guid sessionId)
    {
        await using var db = _database.Context();
        var events = await db.Events.Where(e => e.SessionId == sessionId && e.Type == "token.usage").Select(e => e.DataJson).ToListAsync(_ct);
        return Assert.Single(events.Select(j => JsonDocument.Parse(j).RootElement), e => e.GetProperty("purpose").GetString() == "sampling");
    }

    /// <summary>Streams a fixed answer with the provider's usage, and keeps the options of the last call.</summary>
    private sealed class StreamingChat : IChatClient
    {
        public ChatOptions? Options { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The sampler streams.");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Options = options;
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "sampled ");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "answer");
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 120, OutputTokenCount = 7 })] };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
