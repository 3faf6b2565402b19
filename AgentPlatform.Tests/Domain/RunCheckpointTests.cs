namespace AgentPlatform.Tests.Domain;

/// <summary>The records a run's replay reads: their keys, kinds and completion.</summary>
public sealed class RunCheckpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 2, 2, 2, 2, TimeSpan.Zero);
    private static readonly Guid RunId = Guid.NewGuid();

    [Fact]
    public void A_model_response_is_keyed_by_the_empty_call_id_and_complete_when_written()
    {
        var c = RunCheckpoint.ForModel(RunId, 3, """{"text":"x"}""", Now);

        Assert.Equal((RunId, 3, "", "model", (string?)null, """{"text":"x"}""", Now, (DateTimeOffset?)Now), (c.RunId, c.Step, c.CallId, c.Kind, c.Name, c.Payload, c.CreatedAt, c.CompletedAt));
        Assert.Equal("", RunCheckpoint.ModelResponse);
    }

    [Fact]
    public void A_memory_step_and_a_plan_review_are_complete_when_written()
    {
        var memory = RunCheckpoint.ForMemory(RunId, 0, "prompt", "{}", Now);
        var review = RunCheckpoint.ForPlanReview(RunId, 1, """{"steps":[]}""", Now);

        Assert.Equal(("prompt", "memory", (string?)null, (DateTimeOffset?)Now), (memory.CallId, memory.Kind, memory.Name, memory.CompletedAt));
        Assert.Equal(("plan_review", "review", (string?)null, """{"steps":[]}""", (DateTimeOffset?)Now), (review.CallId, review.Kind, review.Name, review.Payload, review.CompletedAt));
        Assert.Equal("plan_review", RunCheckpoint.PlanReview);
    }

    [Fact]
    public void A_tool_call_is_open_until_its_result_is_recorded()
    {
        var c = RunCheckpoint.ForToolCall(RunId, 2, "call_1", "web_fetch", """{"url":"u"}""", Now);

        Assert.Equal(("call_1", "tool", "web_fetch", """{"url":"u"}""", (DateTimeOffset?)null, (string?)null, false), (c.CallId, c.Kind, c.Name, c.Payload, c.CompletedAt, c.Result, c.IsError));

        c.Complete("boom", isError: true, Now.AddSeconds(1));

        Assert.Equal(("boom", true, (DateTimeOffset?)Now.AddSeconds(1)), (c.Result, c.IsError, c.CompletedAt));
    }

    [Fact]
    public void A_started_tool_call_has_its_own_key_beside_the_call()
    {
        var c = RunCheckpoint.ForToolStarted(RunId, 2, "call_1", "web_fetch", Now);

        Assert.Equal(("call_1#started", "tool_started", "web_fetch", "{}", (DateTimeOffset?)Now), (c.CallId, c.Kind, c.Name, c.Payload, c.CompletedAt));
        Assert.Equal("#started", RunCheckpoint.StartedSuffix);
    }
}
