using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Tests.Engine;
using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Tests.Memory;

/// <summary>
/// Compaction in real runs: the engine against the fake LLM server over HTTP, with PostgreSQL and Redis; a run's
/// events show each compaction and the session's totals add up from them.
/// </summary>
[Collection(CompactionCollection.Name)]
public sealed class CompactionEngineTests(CompactionFixture fixture)
{
    private const string Pin = "The launch code is 7-7-3.";
    private const int Parts = 10;
    private const int Budget = 30_000;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_small_budget_run_fails_without_compaction_and_completes_with_it_each_compaction_an_event()
    {
        var (with, withScript) = await RunBulkyAsync(fixture.Api, _ct);
        var (without, _) = await RunBulkyAsync(fixture.ApiWithout, _ct);

        Report(
            $"without compaction: {without.Session.Status()} after {without.Session.GetProperty("tokensUsed").GetInt32()} tokens; " +
            $"with: {with.Session.Status()}, {with.Session.GetProperty("tokensUsed").GetInt32()} tokens used, " +
            $"{with.Session.GetProperty("compactions").GetInt32()} compactions ({string.Join(", ", with.Events.OfType("memory.compacted").Select(c => c.Data().GetProperty("strategy").GetString()))}), " +
            $"{with.Session.GetProperty("tokensSaved").GetInt32()} tokens saved");
        Assert.Equal("incomplete", without.Session.Status());
        Assert.Equal("budget_exceeded", without.Session.GetProperty("stopReason").GetString());
        Assert.Empty(without.Events.OfType("memory.compacted"));

        Assert.Equal("completed", with.Session.Status());
        Assert.Equal($"All {Parts} parts read.", with.Session.GetProperty("result").GetString());
        Assert.InRange(with.Session.GetProperty("tokensUsed").GetInt32(), 1, Budget);
        var compactions = with.Events.OfType("memory.compacted");
        Assert.True(compactions.Count >= 2, $"{compactions.Count} compactions");
        foreach (var e in compactions.Select(c => c.Data()))
        {
            Assert.Equal("proactive", e.GetProperty("trigger").GetString());
            Assert.Contains(e.GetProperty("strategy").GetString(), new[] { MemoryStrategies.Mask, MemoryStrategies.Summarize, MemoryStrategies.SlidingWindow });
            Assert.True(e.GetProperty("tokensAfter").GetInt32() < e.GetProperty("tokensBefore").GetInt32());
            Assert.NotEmpty(e.GetProperty("archivedMessageIds").EnumerateArray());
        }

        Assert.Contains(compactions, c => c.Data().GetProperty("strategy").GetString() == MemoryStrategies.Summarize
            && c.Data().GetProperty("summary").GetString()!.StartsWith("Read bulky parts", StringComparison.Ordinal));
        // The session's totals are the sums over the events.
        Assert.Equal(compactions.Count, with.Session.GetProperty("compactions").GetInt32());
        Assert.Equal(compactions.Sum(c => c.Data().GetProperty("tokensBefore").GetInt32() - c.Data().GetProperty("tokensAfter").GetInt32()),
            with.Session.GetProperty("tokensSaved").GetInt32());
        // Every token spent, summarizer calls included, is in token.usage.
        var usage = with.Events.OfType("token.usage");
        Assert.Equal(with.Session.GetProperty("tokensUsed").GetInt32(),
            usage.Sum(u => u.Data().GetProperty("inputTokens").GetInt32() + u.Data().GetProperty("outputTokens").GetInt32()));
        Assert.Equal(withScript.Requests.Count(CompactionFixture.IsSummarizer), usage.Count(u => u.Data().GetProperty("purpose").GetString() == "compaction"));
        // The model kept seeing the pinned fact and the prompt, and never again the archived outputs.
        var agentRequests = withScript.Requests.Where(r => !CompactionFixture.IsSummarizer(r)).ToList();
        var last = agentRequests[^1].Body.ToJsonString();
        Assert.Contains(Pin, last);
        Assert.Contains("Read every bulky part", last);
        Assert.DoesNotContain("part 1 row 1:", last);
        // The archived ids name the originals, which stay in PostgreSQL (the tool.result events carry the same text).
        var archived = compactions.SelectMany(c => c.Data().GetProperty("archivedMessageIds").EnumerateArray().Select(i => i.GetString()!)).ToHashSet();
        var firstResult = with.Events.OfType("tool.result").First(r => r.Data().GetProperty("tool").GetString() == "bulky").Data();
        Assert.Contains(archived, id => id.EndsWith($":{firstResult.GetProperty("callId").GetString()}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_context_length_error_compacts_and_retries_the_call_once()
    {
        var n = 0;
        // Queued: two tool calls, then the context-length error; after that the summarizer's and the retried call's answers.
        var script = fixture.Model.Start(r => CompactionFixture.IsSummarizer(r) ? FakeLlmReply.Answer("Read bulky parts 1 and 2.") : FakeLlmReply.Answer("Answered after compaction."));
        script.Then(_ => FakeLlmReply.ToolCall("bulky", new { n = ++n, tag = script.Marker }))
            .Then(_ => FakeLlmReply.ToolCall("bulky", new { n = ++n, tag = script.Marker }))
            .Then(_ => FakeLlmReply.ContextLengthExceeded(2_000, 2_100));
        var (_, session, events) = await RunAsync(fixture.Api, script.Prompt("Read two bulky parts."), tokenBudget: 50_000);

        Assert.Equal("completed", session.Status());
        Assert.Equal("Answered after compaction.", session.GetProperty("result").GetString());
        var compaction = Assert.Single(events.OfType("memory.compacted")).Data();
        Assert.Equal("context_length", compaction.GetProperty("trigger").GetString());
        var agent = script.Requests.Where(r => !CompactionFixture.IsSummarizer(r)).ToList();
        Assert.Equal(4, agent.Count);
        Assert.True(agent[3].Body.ToJsonString().Length < agent[2].Body.ToJsonString().Length, "the retry is the compacted call");
    }

    [Fact]
    public async Task A_second_context_length_error_after_compacting_fails_the_run_without_another_retry()
    {
        var n = 0;
        var script = fixture.Model.Start(r => CompactionFixture.IsSummarizer(r) ? FakeLlmReply.Answer("Read bulky parts 1 and 2.") : FakeLlmReply.ContextLengthExceeded(2_000, 2_100));
        script.Then(_ => FakeLlmReply.ToolCall("bulky", new { n = ++n, tag = script.Marker }))
            .Then(_ => FakeLlmReply.ToolCall("bulky", new { n = ++n, tag = script.Marker }));
        var (_, session, events) = await RunAsync(fixture.Api, script.Prompt("Read two bulky parts."), tokenBudget: 50_000);

        Assert.Equal("failed", session.Status());
        Assert.Contains("even after compacting", session.GetProperty("error").GetString());
        Assert.Single(events.OfType("memory.compacted"));
        Assert.Equal(4, script.Requests.Count(r => !CompactionFixture.IsSummarizer(r)));
    }

    [Fact]
    public async Task A_follow_up_starts_from_the_compacted_memory_not_the_raw_history()
    {
        var (first, script) = await RunBulkyAsync(fixture.Api, _ct);
        Assert.Equal("completed", first.Session.Status());
        using var client = fixture.Api.ClientFor(first.User);
        var agentBefore = script.Requests.Count(r => !CompactionFixture.IsSummarizer(r));

        var posted = await client.PostAsJsonAsync($"/api/v1/sessions/{first.Session.Id()}/messages", new { prompt = "And what was the launch code?" }, _ct);
        posted.EnsureSuccessStatusCode();
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(first.Session.Id(), _ct),
            s => s.Status() is "completed" or "failed" or "incomplete" && s.GetProperty("prompt").GetString() == "And what was the launch code?", TimeSpan.FromSeconds(60), _ct);

        Assert.Equal("completed", done.Status());
        var followUp = script.Requests.Where(r => !CompactionFixture.IsSummarizer(r)).Skip(agentBefore).First();
        var messages = followUp.Messages.Select(m => m!["content"]?.ToJsonString() ?? "").ToList();
        Assert.Contains(messages, m => m.Contains("[Memory]") && m.Contains(Pin) && m.Contains("Read bulky parts"));
        Assert.Contains(messages, m => m.Contains($"All {Parts} parts read."));
        Assert.DoesNotContain(messages, m => m.Contains("row 1:"));
    }

    [Fact]
    public async Task The_prompt_is_normalized_before_the_first_call_and_that_counts_in_the_totals()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Answer("Normalized."));
        var prompt = script.Prompt("Check   this log:\nERROR disk full\nERROR disk full\nERROR disk full\n\n\n\nThanks   ");
        var (_, session, events) = await RunAsync(fixture.Api, prompt, tokenBudget: 4_000);

        Assert.Equal("completed", session.Status());
        var normalized = Assert.Single(events.OfType("memory.compacted")).Data();
        Assert.Equal((MemoryStrategies.Normalize, "prompt"), (normalized.GetProperty("strategy").GetString(), normalized.GetProperty("trigger").GetString()));
        var saved = normalized.GetProperty("tokensBefore").GetInt32() - normalized.GetProperty("tokensAfter").GetInt32();
        Assert.True(saved > 0);
        Assert.Equal((1, saved), (session.GetProperty("compactions").GetInt32(), session.GetProperty("tokensSaved").GetInt32()));
        Assert.Contains("Check this log:\nERROR disk full\n\nThanks", Assert.Single(script.Requests).LastUserText);
    }

    /// <summary>
    /// A simple_query run that pins a fact, reads <see cref="Parts"/> bulky parts (about 700 tokens each) and answers,
    /// on a budget of <see cref="Budget"/>: about 60,000 tokens without compaction.
    /// </summary>
    private async Task<(RunResult Result, ScriptedModel.Script Script)> RunBulkyAsync(ApiFactory api, CancellationToken ct)
    {
        var calls = 0;
        ScriptedModel.Script script = null!;
        script = fixture.Model.Start(r =>
        {
            if (CompactionFixture.IsSummarizer(r))
            {
                return FakeLlmReply.Answer($"Read bulky parts; readings look normal (summary {Interlocked.Increment(ref calls)}).");
            }

            var agentCalls = script.Requests.Count(q => !CompactionFixture.IsSummarizer(q));
            return agentCalls switch
            {
                1 => FakeLlmReply.ToolCall("pin_fact", new { fact = Pin }),
                <= Parts + 1 => FakeLlmReply.ToolCall("bulky", new { n = agentCalls - 1, tag = script.Marker }),
                _ => FakeLlmReply.Answer($"All {Parts} parts read."),
            };
        });
        var result = await RunAsync(api, script.Prompt("Read every bulky part and report."), Budget);
        return (result, script);
    }

    private async Task<RunResult> RunAsync(ApiFactory api, string prompt, int tokenBudget)
    {
        var user = ApiFixture.NewUser("compaction");
        using var client = api.ClientFor(user);
        var created = await client.CreateSessionAsync(new { prompt, taskType = "simple_query", tokenBudget, maxSteps = 50 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");
        return new RunResult(user, done, await client.EventsAsync(created.Id(), _ct));
    }

    /// <summary>To the test output and, when BENCH_OUT is set, to that file.</summary>
    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("BENCH_OUT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, $"compaction e2e: {line}\n");
        }
    }

    private sealed record RunResult(string User, JsonElement Session, List<JsonElement> Events);
}
