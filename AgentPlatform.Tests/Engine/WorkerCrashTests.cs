using AgentPlatform.Core;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// A Worker process killed in the middle of a run: Hangfire hands the job to another Worker process once its
/// invisibility timeout (1 min) has passed, and the run resumes from its checkpoints. Slow by nature (about 70 s).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class WorkerCrashTests(EngineFixture fixture)
{
    private const string Database = "engine_process";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_whose_worker_process_was_killed_completes_on_another_and_each_tool_ran_exactly_once()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCallsOf([
                FakeLlmReply.Call("file_editor", new { command = "create", path = "notes.md", file_text = "alpha\n" }, "call_create"),
                FakeLlmReply.Call("file_editor", new { command = "insert", path = "notes.md", insert_line = 1, insert_text = "beta" }, "call_insert"),
            ]),
            FakeLlmReply.Hang());
        script.Then(_ => FakeLlmReply.Answer("Notes written."));
        var workspaces = Path.Combine(Path.GetTempPath(), "agentplatform-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>
        {
            [$"ConnectionStrings__{ResourceNames.Database}"] = fixture.Infrastructure.Database(Database),
            [$"ConnectionStrings__{ResourceNames.Redis}"] = fixture.Infrastructure.RedisConnectionString,
            [$"ConnectionStrings__{ResourceNames.Llm}"] = fixture.Llm.ConnectionString(),
            ["Tools__WorkspaceRoot"] = workspaces,
            ["Worker__WorkerCount"] = "2",
            ["Agents__Profiles__simple_query__Tools__20"] = "file_editor",
        };
        await using var api = new ApiFactory(fixture.Infrastructure, Database);
        _ = api.Server; // migrates the database before any Worker starts
        using var client = api.ClientFor(ApiFixture.NewUser("engine"));

        await using var first = WorkerProcess.Start(environment);
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Write notes"), taskType = "simple_query" }, _ct);
        await Poll.UntilAsync(() => Task.FromResult(script.Requests.Count), c => c >= 2, TimeSpan.FromSeconds(60), _ct);
        await first.KillAsync();
        Assert.Equal("processing", (await client.GetSessionAsync(created.Id(), _ct)).Status());

        await using var second = WorkerProcess.Start(environment);
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct),
            s => s.Status() != "processing", TimeSpan.FromSeconds(150), _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal("Notes written.", done.GetProperty("result").GetString());
        var notes = await File.ReadAllTextAsync(Path.Combine(workspaces, Guid.Parse(created.Id()).ToString("N"), "notes.md"), _ct);
        Assert.Equal(["alpha", "beta"], notes.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(["call_create", "call_insert"], events.OfType("tool.called").Select(e => e.Data().GetProperty("callId").GetString()));
        Assert.All(events.OfType("tool.result"), e => Assert.False(e.Data().GetProperty("isError").GetBoolean(), e.ToString()));
        Assert.Equal(2, events.OfType("tool.result").Count);
        var requests = script.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(requests[1].Body.ToJsonString(), requests[2].Body.ToJsonString());
        Directory.Delete(workspaces, recursive: true);
    }
}
