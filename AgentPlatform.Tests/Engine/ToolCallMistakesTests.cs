namespace AgentPlatform.Tests.Engine;

/// <summary>
/// What the model gets wrong in a tool call is told back to it as an error result, and the run goes on; terminate
/// ends the run as the model says (its message, else the last text, else a default).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ToolCallMistakesTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_tool_not_offered_and_broken_arguments_are_error_results_and_the_run_goes_on()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("file_editor", new { command = "view", path = "." }),
            FakeLlmReply.ToolCall("counter", "{\"n\": 1,"),
            FakeLlmReply.Answer("Done despite the mistakes."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Make mistakes"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal("completed", done.Status());
        Assert.Equal("Done despite the mistakes.", done.GetProperty("result").GetString());
        var events = await client.EventsAsync(created.Id(), _ct);
        var called = events.OfType("tool.called").Select(e => e.Data()).ToList();
        Assert.Equal(["file_editor", "counter"], called.Select(c => c.GetProperty("tool").GetString()));
        var results = events.OfType("tool.result").Select(e => e.Data()).ToList();
        Assert.All(results, r => Assert.True(r.GetProperty("isError").GetBoolean()));
        Assert.StartsWith("Error: the tool 'file_editor' is not available to you now.", results[0].GetProperty("result").GetString());
        Assert.StartsWith("Error: the arguments were not a valid JSON object.", results[1].GetProperty("result").GetString());
    }

    [Theory]
    [InlineData("failure", null, "failed", "The agent ended the task as failed.")]
    [InlineData("failure", "The page does not exist.", "failed", "The page does not exist.")]
    [InlineData("success", null, "completed", "")]
    public async Task Terminate_ends_the_run_as_the_model_says(string status, string? message, string expectedStatus, string expectedText)
    {
        var script = fixture.Model.Start(null, FakeLlmReply.ToolCall("terminate", message is null ? new { status } : new { status, message }));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("End it"), taskType = "simple_query" }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        Assert.Equal(expectedStatus, done.Status());
        Assert.Equal(expectedText, done.GetProperty(expectedStatus == "failed" ? "error" : "result").GetString() ?? "");
    }
}
