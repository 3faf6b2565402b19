using System.Net;
using AgentPlatform.Core;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Approvals;

/// <summary>
/// A Worker process killed (SIGKILL) while its run waits for a person: nothing holds the run while it waits, so the
/// decision enqueues it again and another Worker process finishes it, with the held call run exactly once.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class WaitingWorkerCrashTests(ApprovalsFixture fixture)
{
    private const string Database = "approvals_process";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private Dictionary<string, string> Environment(string workspaces) => new()
    {
        [$"ConnectionStrings__{ResourceNames.Database}"] = fixture.Infrastructure.Database(Database),
        [$"ConnectionStrings__{ResourceNames.Redis}"] = fixture.Infrastructure.RedisConnectionString,
        [$"ConnectionStrings__{ResourceNames.Llm}"] = fixture.Llm.ConnectionString(),
        ["Tools__WorkspaceRoot"] = workspaces,
        ["Worker__WorkerCount"] = "2",
        ["Agents__Profiles__simple_query__Tools__20"] = "file_editor",
        ["Agents__Profiles__simple_query__RequireApproval__0"] = "file_editor",
        ["Agents__Profiles__general__ReviewPlan"] = "true",
    };

    [Fact]
    public async Task A_run_waiting_for_approval_on_a_killed_worker_resumes_on_another_after_the_approval()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("file_editor", new { command = "create", path = "notes.md", file_text = "alpha\n" }, id: "call_file"),
            FakeLlmReply.Answer("Notes written."));
        var workspaces = Path.Combine(Path.GetTempPath(), "agentplatform-approval-" + Guid.NewGuid().ToString("N")[..8]);
        await using var api = new ApiFactory(fixture.Infrastructure, Database, ApprovalsFixture.ApiSettings);
        _ = api.Server; // migrates the database before any Worker starts
        using var client = api.ClientFor(ApiFixture.NewUser("approvals"));

        await using (var first = WorkerProcess.Start(Environment(workspaces)))
        {
            var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Write notes"), taskType = "simple_query" }, _ct);
            var waiting = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct), s => s.Status() != "pending" && s.Status() != "processing",
                TimeSpan.FromSeconds(60), _ct);
            Assert.Equal("waiting_for_input", waiting.Status());
            Assert.Equal("call_file", waiting.Pending().GetProperty("callId").GetString());
            await first.KillAsync();

            Assert.Equal(HttpStatusCode.Accepted, (await client.DecideAsync(created.Id(), "call_file", new { decision = "approve" }, _ct)).StatusCode);
            Assert.Equal("processing", (await client.GetSessionAsync(created.Id(), _ct)).Status());

            await using var second = WorkerProcess.Start(Environment(workspaces));
            var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct), s => s.Status() != "processing",
                TimeSpan.FromSeconds(60), _ct);

            Assert.Equal("completed", done.Status());
            Assert.Equal("Notes written.", done.GetProperty("result").GetString());
            var notes = await File.ReadAllTextAsync(Path.Combine(workspaces, Guid.Parse(created.Id()).ToString("N"), "notes.md"), _ct);
            Assert.Equal("alpha\n", notes);
            var events = await client.EventsAsync(created.Id(), _ct);
            Assert.Single(events.OfType("tool.called"));
            Assert.False(Assert.Single(events.OfType("tool.result")).Data().GetProperty("isError").GetBoolean());
            Assert.Equal(2, script.Requests.Count);
        }

        Directory.Delete(workspaces, recursive: true);
    }

    [Fact]
    public async Task A_run_waiting_for_plan_review_on_a_killed_worker_executes_the_edited_plan_on_another()
    {
        var script = fixture.Model.Start(r => FakeLlmReply.Answer($"Done (request {r.Index})."),
            FakeLlmReply.Answer("""{"steps": ["Planner's first", "Planner's second"]}"""));
        await using var api = new ApiFactory(fixture.Infrastructure, Database, ApprovalsFixture.ApiSettings);
        _ = api.Server;
        using var client = api.ClientFor(ApiFixture.NewUser("approvals"));
        var workspaces = Path.Combine(Path.GetTempPath(), "agentplatform-review-" + Guid.NewGuid().ToString("N")[..8]);

        await using var first = WorkerProcess.Start(Environment(workspaces));
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Plan it"), taskType = "general", tokenBudget = 50_000 }, _ct);
        var waiting = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct), s => s.Status() != "pending" && s.Status() != "processing",
            TimeSpan.FromSeconds(60), _ct);
        Assert.Equal("plan", waiting.Pending().GetProperty("kind").GetString());
        await first.KillAsync();

        var reviewed = await client.ReviewPlanAsync(created.Id(), new { steps = new[] { new { title = "The user's only step" } }, approve = true }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, reviewed.StatusCode);
        await using var second = WorkerProcess.Start(Environment(workspaces));
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct), s => s.Status() != "processing",
            TimeSpan.FromSeconds(60), _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal([(1, "The user's only step", "completed")], done.Plan());
        var requests = script.Requests;
        Assert.Equal(3, requests.Count); // planning (once, before the crash), the one approved step, the final answer
        Assert.Contains("Step 1 of 1: The user's only step", requests[1].LastUserText);
        Assert.Single((await client.EventsAsync(created.Id(), _ct)).OfType("plan.created"));
    }
}
