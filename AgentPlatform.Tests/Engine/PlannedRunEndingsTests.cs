namespace AgentPlatform.Tests.Engine;

/// <summary>How a planned run ends when a step ends it early, or when the final call says nothing.</summary>
[Collection(EngineCollection.Name)]
public sealed class PlannedRunEndingsTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_step_that_terminates_with_success_completes_that_step_and_the_run_and_leaves_the_rest()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.Answer("""{"steps": ["Look it up", "Write it down"]}"""),
            FakeLlmReply.ToolCall("terminate", new { status = "success", message = "Found it early." }));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Find the answer"), taskType = "general", tokenBudget = 20000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed", "stopped");

        Assert.Equal("completed", done.Status());
        Assert.Equal("Found it early.", done.GetProperty("result").GetString());
        Assert.Equal([(1, "Look it up", "completed"), (2, "Write it down", "not_started")], done.Plan());
        Assert.Equal(2, script.Requests.Count);
    }

    [Fact]
    public async Task An_empty_final_answer_is_replaced_by_the_last_text_the_model_wrote()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.Answer("""{"steps": ["Work it out"]}"""),
            FakeLlmReply.Answer("It is 42."),
            FakeLlmReply.Answer(""));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("What is it?"), taskType = "general", tokenBudget = 20000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed", "stopped");

        Assert.Equal("completed", done.Status());
        Assert.Equal("It is 42.", done.GetProperty("result").GetString());
        Assert.Equal(3, script.Requests.Count);
    }
}
