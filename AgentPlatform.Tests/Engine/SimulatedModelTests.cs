using System.Net;
using System.Net.Http.Json;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// The Development path with no provider: the simulated model plans, calls a tool, asks the user and answers. The job
/// is executed by hand (as Hangfire would), so these tests do not depend on a job server's timing.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SimulatedModelTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_simulated_model_plans_calls_the_file_editor_and_completes()
    {
        using var client = fixture.ManualApi.ClientFor(ApiFixture.NewUser("engine"));
        var prompt = """Write notes [[tool:file_editor {"command":"create","path":"notes.md","file_text":"hello"}]]""";
        var created = await client.CreateSessionAsync(new { prompt, taskType = "general", tokenBudget = 20000 }, _ct);
        var runId = await fixture.SimulatedWorker.PendingRunAsync(created.Id(), _ct);

        await fixture.SimulatedWorker.ExecuteAsync(runId, _ct);

        var done = await client.GetSessionAsync(created.Id(), _ct);
        Assert.Equal("completed", done.Status());
        Assert.StartsWith("[simulated model]", done.GetProperty("result").GetString());
        Assert.Equal(
            [(1, "Use the file_editor tool", "completed"), (2, "Summarise what it returned", "completed")],
            done.Plan());
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal("file_editor", Assert.Single(events.OfType("tool.called")).Data().GetProperty("tool").GetString());
        var result = Assert.Single(events.OfType("tool.result")).Data();
        Assert.False(result.GetProperty("isError").GetBoolean(), result.ToString());
    }

    [Fact]
    public async Task The_simulated_model_asks_the_user_and_uses_the_answer()
    {
        using var client = fixture.ManualApi.ClientFor(ApiFixture.NewUser("engine"));
        var prompt = """Paint the fence [[tool:ask_human {"question":"Which colour?"}]]""";
        var created = await client.CreateSessionAsync(new { prompt, taskType = "general", tokenBudget = 20000 }, _ct);
        var runId = await fixture.SimulatedWorker.PendingRunAsync(created.Id(), _ct);

        await fixture.SimulatedWorker.ExecuteAsync(runId, _ct);
        var waiting = await client.GetSessionAsync(created.Id(), _ct);
        Assert.Equal("waiting_for_input", waiting.Status());
        Assert.Equal("in_progress", waiting.Plan()[0].Status);
        var answer = await client.PostAsJsonAsync($"/api/v1/sessions/{created.Id()}/messages", new { prompt = "blue" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await fixture.SimulatedWorker.ExecuteAsync(runId, _ct);

        var done = await client.GetSessionAsync(created.Id(), _ct);
        Assert.Equal("completed", done.Status());
        Assert.Contains("The tool answered: \"blue\"", done.GetProperty("result").GetString());
        Assert.All(done.Plan(), s => Assert.Equal("completed", s.Status));
    }
}
