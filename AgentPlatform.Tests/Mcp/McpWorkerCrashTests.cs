using AgentPlatform.Core;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Mcp;

/// <summary>
/// A Worker process killed while an MCP tool call is in flight: the job delivered again to another Worker does not
/// call the tool a second time; the model is told the call was cut off. Slow by nature (Hangfire's invisibility
/// timeout, about 70 s).
/// </summary>
[Collection(McpCollection.Name)]
public sealed class McpWorkerCrashTests(McpFixture fixture)
{
    private const string Database = "mcp_process";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_killed_mid_call_never_calls_the_MCP_tool_twice()
    {
        var marks = Path.Combine(Path.GetTempPath(), $"mcp-marks-{Guid.NewGuid():N}.txt");
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("local__mark", new { path = marks, line = "once", seconds = 300 }, "call_mark"),
            FakeLlmReply.Answer("Finished without repeating it."));
        var redis = fixture.Infrastructure.RedisConnectionString + ",defaultDatabase=6";
        var environment = McpFixture.StdioSettings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment[$"ConnectionStrings__{ResourceNames.Database}"] = fixture.Infrastructure.Database(Database);
        environment[$"ConnectionStrings__{ResourceNames.Redis}"] = redis;
        environment[$"ConnectionStrings__{ResourceNames.Llm}"] = fixture.Llm.ConnectionString();
        environment["Worker__WorkerCount"] = "2";
        environment["Mcp__Servers__local__Timeout"] = "00:10:00";
        await using var api = new ApiFactory(fixture.Infrastructure, Database, new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis });
        _ = api.Server; // migrates the database before any Worker starts
        using var client = api.ClientFor(ApiFixture.NewUser("mcp"));

        await using var first = WorkerProcess.Start(environment);
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Mark it once"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(marks)), found => found, TimeSpan.FromSeconds(90), _ct);
        await first.KillAsync();
        Assert.Equal("processing", (await client.GetSessionAsync(created.Id(), _ct)).Status());

        await using var second = WorkerProcess.Start(environment);
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct),
            s => s.Status() != "processing", TimeSpan.FromSeconds(150), _ct);

        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Equal("Finished without repeating it.", done.GetProperty("result").GetString());
        Assert.Equal(["once"], (await File.ReadAllLinesAsync(marks, _ct)).Where(l => l.Length > 0));
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(["call_mark"], events.OfType("tool.called").Select(e => e.Data().GetProperty("callId").GetString()));
        var result = events.OfType("tool.result").Single().Data();
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Contains("was cut off", result.GetProperty("result").GetString());
        Assert.Equal(2, script.Requests.Count); // the first model call was replayed from its checkpoint
        Assert.Contains("may or may not have taken effect", script.Requests[1].ToolResults().Single());
        File.Delete(marks);
    }
}
