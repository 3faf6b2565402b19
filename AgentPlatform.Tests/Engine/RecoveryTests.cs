namespace AgentPlatform.Tests.Engine;

/// <summary>
/// Runs the job by hand on a Worker without a job server, as Hangfire would: once until the Worker "dies" (its job
/// token is cancelled mid-call, as on shutdown), then again, as Hangfire delivers a job whose Worker went away.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RecoveryTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_run_again_after_its_worker_died_reuses_the_recorded_tool_results_and_completes()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCallsOf([FakeLlmReply.Call("counter", new { n = 1 }, "call_a"), FakeLlmReply.Call("counter", new { n = 2 }, "call_b")]),
            FakeLlmReply.Hang());
        script.Then(_ => FakeLlmReply.Answer("Both counted."));
        using var client = fixture.ManualApi.ClientFor(ApiFixture.NewUser("engine"));
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count twice"), taskType = "simple_query" }, _ct);
        var runId = await fixture.ManualWorker.PendingRunAsync(created.Id(), _ct);

        // First delivery: both tools run, then the Worker dies while the model is thinking.
        using var dies = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var first = fixture.ManualWorker.ExecuteAsync(runId, dies.Token);
        await fixture.Llm.WaitForRequestsAsync(1, _ct);
        await Poll.UntilAsync(() => Task.FromResult(script.Requests.Count), c => c == 2, TimeSpan.FromSeconds(30), _ct);
        await dies.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("processing", (await client.GetSessionAsync(created.Id(), _ct)).Status());
        Assert.Equal(2, fixture.Counter.CallsFor(created.Id()));

        // Second delivery: the model call and the tool results are replayed from the checkpoints.
        await fixture.ManualWorker.ExecuteAsync(runId, _ct);

        var done = await client.GetSessionAsync(created.Id(), _ct);
        Assert.Equal("completed", done.Status());
        Assert.Equal("Both counted.", done.GetProperty("result").GetString());
        Assert.Equal(2, fixture.Counter.CallsFor(created.Id()));
        var requests = script.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(requests[1].Body.ToJsonString(), requests[2].Body.ToJsonString());
        Assert.Equal(2, requests[2].ToolResults().Count);
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(2, events.OfType("tool.called").Count);
        Assert.Equal(2, events.OfType("tool.result").Count);
        Assert.Single(events.OfType("run.started"));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task A_second_job_for_a_run_this_worker_is_executing_does_nothing()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Hang());
        script.Then(_ => FakeLlmReply.Answer("Done once."));
        using var client = fixture.ManualApi.ClientFor(ApiFixture.NewUser("engine"));
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Run me once"), taskType = "simple_query" }, _ct);
        var runId = await fixture.ManualWorker.PendingRunAsync(created.Id(), _ct);
        using var dies = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var first = fixture.ManualWorker.ExecuteAsync(runId, dies.Token);
        await Poll.UntilAsync(() => Task.FromResult(script.Requests.Count), c => c == 1, TimeSpan.FromSeconds(30), _ct);

        // Another job for the same run (e.g. enqueued by a dispatch that lost its race) while the first is in the model call.
        await fixture.ManualWorker.ExecuteAsync(runId, _ct);

        Assert.False(first.IsCompleted);
        Assert.Single(script.Requests);
        await dies.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        // Once the first has gone, a delivery runs it again (resumes it) as before.
        await fixture.ManualWorker.ExecuteAsync(runId, _ct);
        Assert.Equal("completed", (await client.GetSessionAsync(created.Id(), _ct)).Status());
        Assert.Equal(2, script.Requests.Count);
        Assert.Single((await client.EventsAsync(created.Id(), _ct)).OfType("run.started"));
    }

    [Fact]
    public async Task A_run_stopped_before_its_job_starts_ends_at_once_without_calling_the_model()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Answer("never"));
        using var client = fixture.ManualApi.ClientFor(ApiFixture.NewUser("engine"));
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Never mind"), taskType = "general" }, _ct);
        var runId = await fixture.ManualWorker.PendingRunAsync(created.Id(), _ct);
        await client.PostAsync($"/api/v1/sessions/{created.Id()}/stop", null, _ct);

        await fixture.ManualWorker.ExecuteAsync(runId, _ct);

        var done = await client.GetSessionAsync(created.Id(), _ct);
        Assert.Equal("stopped", done.Status());
        Assert.Equal("cancelled", done.GetProperty("stopReason").GetString());
        Assert.Empty(script.Requests);
        Assert.Empty((await client.EventsAsync(created.Id(), _ct)).OfType("run.started"));
    }
}
