using AgentPlatform.Core;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Capacity;

/// <summary>
/// A real Worker process killed with many runs in flight: each job's invisibility stops sliding, so after it lapses
/// (1 min) another Worker process fetches every one and resumes it from its checkpoints, and no tool runs twice.
/// Slow by nature (about 75 s).
/// </summary>
public sealed class KilledWorkerTests(LocalInfrastructure infrastructure)
{
    private const string Database = "capacity_killed";
    private const int Runs = 16;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_run_of_a_killed_worker_is_finished_by_another_with_no_tool_call_repeated()
    {
        var workspaces = Path.Combine(Path.GetTempPath(), "agentplatform-capacity-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>
        {
            [$"ConnectionStrings__{ResourceNames.Database}"] = infrastructure.Database(Database),
            [$"ConnectionStrings__{ResourceNames.Redis}"] = infrastructure.RedisConnectionString,
            ["Llm__Simulated__LatencyMs"] = "3000",
            ["Tools__WorkspaceRoot"] = workspaces,
            ["Agents__Profiles__simple_query__Tools__20"] = "file_editor",
        };
        await using var api = new ApiFactory(infrastructure, Database, new Dictionary<string, string?> { ["Sessions:MaxActiveRunsPerUser"] = "100" });
        _ = api.Server;
        using var client = api.ClientFor(ApiFixture.NewUser("capacity"));
        // Create, then insert: a repeated create or a repeated insert would leave other lines in the file.
        const string Prompt = """Write notes [[tool:file_editor {"command": "create", "path": "notes.md", "file_text": "alpha\n"}]] """ +
                              """[[tool:file_editor {"command": "insert", "path": "notes.md", "insert_line": 1, "insert_text": "beta"}]]""";

        await using var first = WorkerProcess.Start(environment);
        var ids = new List<string>();
        for (var i = 0; i < Runs; i++)
        {
            ids.Add((await client.CreateSessionAsync(new { prompt = $"{Prompt} #{i}", taskType = "simple_query" }, _ct)).Id());
        }

        // Every run started and has called its first tool: all are in flight in the one Worker.
        foreach (var id in ids)
        {
            await Poll.UntilAsync(() => client.EventsAsync(id, _ct), e => e.OfType("tool.result").Count >= 1, TimeSpan.FromSeconds(60), _ct);
        }

        await first.KillAsync();
        Assert.All(await Task.WhenAll(ids.Select(id => client.GetSessionAsync(id, _ct))), s => Assert.Equal("processing", s.Status()));

        await using var second = WorkerProcess.Start(environment);
        var sessions = await CapacityStack.WaitForAllAsync(client, ids, TimeSpan.FromSeconds(150), _ct);

        Assert.All(sessions, s => Assert.Equal("completed", s.Status()));
        foreach (var id in ids)
        {
            var events = await CapacityStack.AssertGapFreeAsync(client, id, _ct);
            var calls = events.OfType("tool.called").Select(e => e.Data().GetProperty("callId").GetString()).ToList();
            Assert.Equal(2, calls.Count);
            Assert.Equal(2, calls.Distinct().Count());
            Assert.All(events.OfType("tool.result"), e => Assert.False(e.Data().GetProperty("isError").GetBoolean(), e.ToString()));
            var notes = await File.ReadAllTextAsync(Path.Combine(workspaces, Guid.Parse(id).ToString("N"), "notes.md"), _ct);
            Assert.Equal(["alpha", "beta"], notes.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Directory.Delete(workspaces, recursive: true);
    }
}
