using System.Net;
using System.Net.Http.Json;

namespace AgentPlatform.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class LimitsAndFailuresTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_small_budget_ends_the_run_budget_exceeded_without_exceeding_it()
    {
        var n = 0;
        // No usage in the replies: the engine counts with the tokenizer, and every call's prompt grows.
        var script = fixture.Model.Start(_ => FakeLlmReply.ToolCall("counter", new { n = Interlocked.Increment(ref n) }));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count a lot"), taskType = "simple_query", tokenBudget = 1500, maxSteps = 100 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("incomplete", done.Status());
        Assert.Equal("budget_exceeded", done.GetProperty("stopReason").GetString());
        var used = done.GetProperty("tokensUsed").GetInt32();
        Assert.InRange(used, 1, 1500);
        Assert.True(script.Requests.Count >= 2, "the budget should allow a few calls");
        var usage = (await client.EventsAsync(created.Id(), _ct)).OfType("token.usage");
        Assert.Equal(script.Requests.Count, usage.Count);
        Assert.Equal(used, usage.Sum(e => e.Data().GetProperty("inputTokens").GetInt32() + e.Data().GetProperty("outputTokens").GetInt32()));
        Assert.All(usage, e => Assert.True(e.Data().GetProperty("estimated").GetBoolean()));
        // Each call's output was capped to what the budget had left.
        Assert.All(script.Requests, r => Assert.InRange(r.MaxTokens ?? int.MaxValue, 1, 1024));
    }

    [Fact]
    public async Task Provider_usage_is_recorded_with_cached_tokens()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Answer("Cached.", new FakeLlmUsage(300, 20, CachedTokens: 256)));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Use the cache"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal(320, done.GetProperty("tokensUsed").GetInt32());
        var usage = Assert.Single((await client.EventsAsync(created.Id(), _ct)).OfType("token.usage")).Data();
        Assert.Equal((300, 20, 256, false), (usage.GetProperty("inputTokens").GetInt32(), usage.GetProperty("outputTokens").GetInt32(),
            usage.GetProperty("cachedTokens").GetInt32(), usage.GetProperty("estimated").GetBoolean()));
    }

    [Fact]
    public async Task A_budget_too_small_for_the_first_call_ends_the_run_without_calling_the_model()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Answer("never"));
        using var client = fixture.Client();
        var longPrompt = script.Prompt(string.Join(' ', Enumerable.Repeat("word", 600)));

        var created = await client.CreateSessionAsync(new { prompt = longPrompt, taskType = "simple_query", tokenBudget = 500 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("budget_exceeded", done.GetProperty("stopReason").GetString());
        Assert.Equal(0, done.GetProperty("tokensUsed").GetInt32());
        Assert.Empty(script.Requests);
    }

    [Fact]
    public async Task A_provider_that_keeps_failing_ends_the_run_llm_unavailable()
    {
        var script = fixture.Model.Start(_ => FakeLlmReply.ServerError());
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Anyone there?"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("incomplete", done.Status());
        Assert.Equal("llm_unavailable", done.GetProperty("stopReason").GetString());
        // One attempt and the one retry the tests configure, on the main model and then on the fallback model.
        Assert.Equal(
            [FakeLlmServer.DefaultModel, FakeLlmServer.DefaultModel, EngineWorkerFactory.FallbackModel, EngineWorkerFactory.FallbackModel],
            script.Requests.Select(r => r.Model));
    }

    [Fact]
    public async Task A_provider_that_keeps_failing_on_the_main_model_is_tried_on_the_fallback_model()
    {
        var script = fixture.Model.Start(r => r.Model == EngineWorkerFactory.FallbackModel
            ? FakeLlmReply.Answer("From the fallback model.")
            : FakeLlmReply.ServerError());
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Anyone else there?"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("completed", done.Status());
        Assert.Equal("From the fallback model.", done.GetProperty("result").GetString());
        Assert.Equal(3, script.Requests.Count);
    }

    [Fact]
    public async Task A_context_length_error_fails_the_run_saying_so()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.ContextLengthExceeded(8192, 9000));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Too long"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("failed", done.Status());
        Assert.Contains("context window", done.GetProperty("error").GetString());
        Assert.Contains("8192", done.GetProperty("error").GetString());
    }

    [Fact]
    public async Task After_tool_failures_the_circuit_opens_and_the_tool_is_withheld_from_the_model()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("flaky", new { n = 1 }),
            FakeLlmReply.ToolCall("flaky", new { n = 2 }),
            FakeLlmReply.Answer("Done without flaky."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Use flaky"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("completed", done.Status());
        Assert.Equal(2, fixture.Flaky.CallsFor(created.Id()));
        var requests = script.Requests;
        Assert.Contains("flaky", requests[0].ToolNames());
        Assert.Contains("flaky", requests[1].ToolNames());
        Assert.DoesNotContain("flaky", requests[2].ToolNames());
        Assert.Contains("unavailable at the moment", requests[2].Messages[0]!["content"]!.ToJsonString());
        var results = (await client.EventsAsync(created.Id(), _ct)).OfType("tool.result");
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Data().GetProperty("isError").GetBoolean()));
    }

    [Fact]
    public async Task Stop_during_a_tool_call_ends_the_run_stopped_within_a_second()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.ToolCall("slow", new { n = 1 }), FakeLlmReply.Answer("never"));
        using var client = fixture.Client();
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Be slow"), taskType = "simple_query" }, _ct);
        await Poll.UntilAsync(() => client.EventsAsync(created.Id(), _ct), e => e.OfType("tool.called").Count == 1, TimeSpan.FromSeconds(30), _ct);
        await Poll.UntilAsync(() => Task.FromResult(fixture.Slow.CallsFor(created.Id())), c => c == 1, TimeSpan.FromSeconds(10), _ct);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var response = await client.PostAsync($"/api/v1/sessions/{created.Id()}/stop", null, _ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct),
            s => s.Status() is "stopped" or "completed" or "failed" or "incomplete", TimeSpan.FromSeconds(10), _ct);
        stopwatch.Stop();

        Assert.Equal("stopped", done.Status());
        Assert.Equal("cancelled", done.GetProperty("stopReason").GetString());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.5), $"stopped after {stopwatch.Elapsed}");
        Assert.Single(script.Requests);
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Empty(events.OfType("tool.result"));
        Assert.Equal("run.completed", events[^1].Type());
    }

    [Fact]
    public async Task Stop_during_a_model_call_aborts_the_call_and_ends_the_run_stopped_within_a_second()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Hang());
        using var client = fixture.Client();
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Think forever"), taskType = "general", tokenBudget = 20000 }, _ct);
        await Poll.UntilAsync(() => Task.FromResult(script.Requests.Count), c => c == 1, TimeSpan.FromSeconds(30), _ct);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await client.PostAsync($"/api/v1/sessions/{created.Id()}/stop", null, _ct);
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct),
            s => s.Status() is "stopped" or "completed" or "failed" or "incomplete", TimeSpan.FromSeconds(10), _ct);
        stopwatch.Stop();

        Assert.Equal("stopped", done.Status());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.5), $"stopped after {stopwatch.Elapsed}");
        await script.Requests[0].Aborted.WaitAsync(TimeSpan.FromSeconds(5), _ct);
        Assert.Equal(0, done.GetProperty("tokensUsed").GetInt32());
    }

    [Fact]
    public async Task Ask_human_waits_for_the_answer_posted_to_messages_and_resumes_with_it_as_the_tool_result()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("ask_human", new { question = "Which colour?" }, id: "call_ask"),
            FakeLlmReply.Answer("You chose blue."));
        using var client = fixture.Client();
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Paint it"), taskType = "simple_query" }, _ct);

        var waiting = await client.WaitForStatusAsync(created.Id(), _ct, "waiting_for_input", "completed", "failed", "incomplete");
        Assert.Equal("waiting_for_input", waiting.Status());
        var asked = Assert.Single((await client.EventsAsync(created.Id(), _ct)).OfType("input.requested"));
        Assert.Equal("Which colour?", asked.Data().GetProperty("question").GetString());

        var answer = await client.PostAsJsonAsync($"/api/v1/sessions/{created.Id()}/messages", new { prompt = "blue" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

        Assert.Equal("completed", done.Status());
        Assert.Equal("You chose blue.", done.GetProperty("result").GetString());
        var requests = script.Requests;
        Assert.Equal(2, requests.Count); // the question's model call was replayed from its checkpoint, not made again
        Assert.Equal(["\"blue\""], requests[1].ToolResults());
        Assert.Contains("call_ask", requests[1].Body.ToJsonString());
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Single(events.OfType("tool.called"));
        Assert.Equal("blue", Assert.Single(events.OfType("tool.result")).Data().GetProperty("result").GetString());
    }
}
