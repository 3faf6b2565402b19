using System.Text.Json;

namespace AgentPlatform.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class PlanAndExecuteTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_planned_run_executes_each_step_with_tools_and_completes_with_the_final_answer()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.Answer("""Here is my plan: ```json {"steps": ["Count the things", "Report the count"]} ```"""),
            FakeLlmReply.ToolCall("counter", new { n = 7 }, id: "call_count"),
            FakeLlmReply.Answer("I counted 7 things."),
            FakeLlmReply.Answer("The count is 7."),
            FakeLlmReply.Answer("Final answer: there are 7 things."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("How many things are there?"), taskType = "general", tokenBudget = 20000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed", "stopped");

        Assert.Equal("completed", done.Status());
        Assert.Equal("end_turn", done.GetProperty("stopReason").GetString());
        Assert.Equal("Final answer: there are 7 things.", done.GetProperty("result").GetString());
        Assert.Equal([(1, "Count the things", "completed"), (2, "Report the count", "completed")], done.Plan());
        Assert.Equal(1, fixture.Counter.CallsFor(created.Id()));

        var events = await client.EventsAsync(created.Id(), _ct);
        var planCreated = Assert.Single(events.OfType("plan.created"));
        Assert.Equal(2, planCreated.Data().GetProperty("steps").GetArrayLength());
        Assert.Equal(
            [(1, "in_progress"), (1, "completed"), (2, "in_progress"), (2, "completed")],
            events.OfType("plan.step_updated").Select(e => (e.Data().GetProperty("index").GetInt32(), e.Data().GetProperty("status").GetString())));
        var called = Assert.Single(events.OfType("tool.called"));
        Assert.Equal("counter", called.Data().GetProperty("tool").GetString());
        Assert.Equal(7, called.Data().GetProperty("arguments").GetProperty("n").GetInt32());
        var result = Assert.Single(events.OfType("tool.result"));
        Assert.Equal("counted 7", result.Data().GetProperty("result").GetString());
        Assert.True(called.GetProperty("seq").GetInt64() < result.GetProperty("seq").GetInt64());
        Assert.Equal(5, events.OfType("token.usage").Count);
        Assert.Equal("run.completed", events[^1].Type());

        // The model saw the tool's result with the call's id, and the plan was asked for first with no tools.
        var requests = script.Requests;
        Assert.Equal(5, requests.Count);
        Assert.Empty(requests[0].Tools);
        Assert.Contains("counter", requests[1].ToolNames());
        Assert.Contains("counted 7", Assert.Single(requests[2].ToolResults()));
        Assert.Contains("call_count", requests[2].Body.ToJsonString());
    }

    [Fact]
    public async Task An_unparseable_plan_falls_back_to_a_single_step()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.Answer("I will simply do it."),
            FakeLlmReply.Answer("Done."),
            FakeLlmReply.Answer("All done."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Do the thing"), taskType = "analysis" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("completed", done.Status());
        var step = Assert.Single(done.Plan());
        Assert.Equal("completed", step.Status);
        Assert.Contains("Do the thing", step.Title);
    }

    [Fact]
    public async Task A_simple_query_is_answered_without_a_plan()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Answer("Four."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Two plus two?"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("Four.", done.GetProperty("result").GetString());
        Assert.Empty(done.Plan());
        Assert.Single(script.Requests);
        Assert.Empty((await client.EventsAsync(created.Id(), _ct)).OfType("plan.created"));
    }

    [Fact]
    public async Task Terminate_ends_the_run_with_its_message()
    {
        var script = fixture.Model.Start(_ => FakeLlmReply.ToolCall("counter", new { n = Random.Shared.Next() }),
            FakeLlmReply.ToolCall("terminate", new { status = "success", message = "Stopped early, all good." }));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Finish quickly"), taskType = "simple_query", maxSteps = 10 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("completed", done.Status());
        Assert.Equal("Stopped early, all good.", done.GetProperty("result").GetString());
        Assert.Single(script.Requests);
        Assert.Equal(0, fixture.Counter.CallsFor(created.Id()));
    }

    [Fact]
    public async Task Exceeding_max_steps_ends_the_run_incomplete_and_blocks_the_current_step()
    {
        var n = 0;
        var script = fixture.Model.Start(_ => FakeLlmReply.ToolCall("counter", new { n = Interlocked.Increment(ref n) }),
            FakeLlmReply.Answer("""{"steps": ["Count forever"]}"""));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count"), taskType = "general", maxSteps = 3, tokenBudget = 20000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("incomplete", done.Status());
        Assert.Equal("max_steps", done.GetProperty("stopReason").GetString());
        Assert.Equal(3, fixture.Counter.CallsFor(created.Id()));
        Assert.Equal(4, script.Requests.Count);
        Assert.Equal([(1, "Count forever", "blocked")], done.Plan());
    }

    [Fact]
    public async Task The_same_tool_call_three_times_earns_a_nudge_and_a_fourth_stops_the_run()
    {
        var script = fixture.Model.Start(_ => FakeLlmReply.ToolCall("counter", new { n = 1 }));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count once"), taskType = "simple_query", maxSteps = 50 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("incomplete", done.Status());
        Assert.Equal("max_steps", done.GetProperty("stopReason").GetString());
        Assert.Contains("stuck", done.GetProperty("error").GetString());
        Assert.Equal(3, fixture.Counter.CallsFor(created.Id()));
        var requests = script.Requests;
        Assert.Equal(4, requests.Count);
        Assert.DoesNotContain("repeating it will not help", requests[2].Body.ToJsonString());
        Assert.Contains("repeating it will not help", requests[3].LastUserText);
    }

    [Fact]
    public async Task The_same_answer_to_three_steps_earns_a_nudge_and_a_fourth_blocks_the_step_which_the_planner_revises()
    {
        var script = fixture.Model.Start(_ => FakeLlmReply.Answer("I am not sure."),
            FakeLlmReply.Answer("""["One", "Two", "Three", "Four", "Five"]"""));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Think"), taskType = "general", maxSteps = 50, tokenBudget = 20000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        // Step 3 is blocked; the revision ("I am not sure." is no plan: one step, the prompt) replaces Four and Five, and
        // with the detector reset its first answer completes it. Plan, 3 steps (the third nudged, then stuck), the
        // revision, the new step, the final answer.
        Assert.Equal("completed", done.Status());
        Assert.Equal(["completed", "completed", "blocked", "completed"], done.Plan().Select(s => s.Status));
        Assert.Equal(8, script.Requests.Count);
        var updated = Assert.Single((await client.EventsAsync(created.Id(), _ct)).OfType("plan.updated"));
        Assert.Equal("planner", updated.Data().GetProperty("by").GetString());
    }

    [Fact]
    public async Task A_follow_up_run_sends_the_model_the_earlier_runs_result()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.Answer("First answer."), FakeLlmReply.Answer("Second answer."));
        using var client = fixture.Client();
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("First"), taskType = "simple_query" }, _ct);
        await client.WaitForStatusAsync(created.Id(), _ct, "completed");

        await client.PostAsync($"/api/v1/sessions/{created.Id()}/messages",
            JsonContent(new { prompt = "Second" }), _ct);
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct),
            s => s.GetProperty("result").GetString() == "Second answer.", TimeSpan.FromSeconds(30), _ct);

        Assert.Equal("completed", done.Status());
        Assert.Contains("First answer.", script.Requests[1].Body.ToJsonString());
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
