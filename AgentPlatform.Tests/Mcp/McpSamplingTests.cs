using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Mcp;

/// <summary>
/// MCP sampling (<c>Mcp:Servers:&lt;name&gt;:AllowSampling</c>): the C# test server's <c>sample</c> tool asks the client's
/// model for an answer. <c>local</c> (stdio) may sample; <c>web</c> (Streamable HTTP) may not.
/// </summary>
[Collection(McpCollection.Name)]
public sealed class McpSamplingTests(McpFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_allowed_to_sample_gets_the_run_s_model_paid_from_the_session_s_budget()
    {
        // In the order the fake LLM sees them: the agent's call, the server's sampling request (which carries the marker
        // in the prompt the tool is given), the final answer.
        var script = fixture.Model.Start(null);
        script.Then(_ => FakeLlmReply.ToolCall("local__sample", new { prompt = $"Say a colour ({script.Marker})" }))
            .Then(_ => FakeLlmReply.Answer("teal"))
            .Then(_ => FakeLlmReply.Answer("The server sampled teal."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Sample something"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

        Assert.True(done.Status() == "completed", done.ToString());
        var events = await client.EventsAsync(created.Id(), _ct);
        var result = events.OfType("tool.result").Single().Data();
        Assert.False(result.GetProperty("isError").GetBoolean(), result.ToString());
        Assert.Equal("sampled: teal", result.GetProperty("result").GetString());
        Assert.Equal(3, script.Requests.Count);
        Assert.Contains("Say a colour", script.Requests[1].Body.ToJsonString());
        var usage = events.OfType("token.usage").Select(e => e.Data()).ToList();
        var sampling = Assert.Single(usage, u => u.GetProperty("purpose").GetString() == "sampling");
        Assert.True(sampling.GetProperty("outputTokens").GetInt32() > 0);
        Assert.Equal(usage.Sum(u => u.GetProperty("inputTokens").GetInt32() + u.GetProperty("outputTokens").GetInt32()),
            done.GetProperty("tokensUsed").GetInt32());
    }

    [Fact]
    public async Task A_server_not_allowed_to_sample_is_refused_and_the_model_is_told_the_tool_failed()
    {
        var script = fixture.Model.Start(null);
        script.Then(_ => FakeLlmReply.ToolCall("web__sample", new { prompt = $"Say a colour ({script.Marker})" }))
            .Then(_ => FakeLlmReply.Answer("The tool could not sample."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Sample something"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

        Assert.True(done.Status() == "completed", done.ToString());
        var events = await client.EventsAsync(created.Id(), _ct);
        var result = events.OfType("tool.result").Single().Data();
        Assert.True(result.GetProperty("isError").GetBoolean(), result.ToString());
        Assert.Equal(2, script.Requests.Count);
        Assert.DoesNotContain(events.OfType("token.usage"), e => e.Data().GetProperty("purpose").GetString() == "sampling");
    }

    [Fact]
    public async Task A_sampling_request_the_budget_cannot_pay_is_refused()
    {
        var script = fixture.Model.Start(null);
        // Some 200,000 tokens of padding, more than the whole budget of the session.
        script.Then(_ => FakeLlmReply.ToolCall("local__sample", new { prompt = $"Say a colour ({script.Marker})", padWords = 100_000 }))
            .Then(_ => FakeLlmReply.Answer("The tool could not sample."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Sample something"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

        var events = await client.EventsAsync(created.Id(), _ct);
        var result = events.OfType("tool.result").Single().Data();
        Assert.True(result.GetProperty("isError").GetBoolean(), result.ToString());
        Assert.DoesNotContain(events.OfType("token.usage"), e => e.Data().GetProperty("purpose").GetString() == "sampling");
        Assert.Equal(2, script.Requests.Count);
        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Contains("budget", result.GetProperty("result").GetString());
    }
}
