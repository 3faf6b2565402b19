using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class MultitaskTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reject_is_the_default_and_answers_409_naming_the_active_run()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var session = await client.CreateSessionAsync("busy", _ct);

        var response = await client.PostAsJsonAsync($"/api/v1/sessions/{session.Id()}/messages", new { prompt = "and another" }, _ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        var runQueued = (await client.EventsAsync(session.Id(), _ct)).First(e => e.GetProperty("type").GetString() == "run.queued");
        Assert.Equal(runQueued.GetProperty("runId").GetString(), problem.GetProperty("activeRunId").GetString());
        Assert.Contains(runQueued.GetProperty("runId").GetString()!, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Enqueue_runs_the_follow_up_after_the_active_run_finishes()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var session = await client.CreateSessionAsync("first of two", _ct);

        var queued = await client.PostAsJsonAsync($"/api/v1/sessions/{session.Id()}/messages", new { prompt = "second of two", multitaskStrategy = "enqueue" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var done = await Poll.UntilAsync(() => client.EventsAsync(session.Id(), _ct),
            events => events.Count(e => e.GetProperty("type").GetString() == "run.completed") == 2, TimeSpan.FromSeconds(30), _ct);

        var runs = RunsInOrderOfCompletion(done);
        Assert.Equal(["completed", "completed"], runs.Select(r => r.Status));
        Assert.Equal([1, 2], runs.Select(r => r.Number));
        var firstCompleted = Seq(done, "run.completed", runs[0].RunId);
        var secondStarted = Seq(done, "run.started", runs[1].RunId);
        Assert.True(secondStarted > firstCompleted, "the second run started before the first completed");
        Assert.Contains("second of two", (await client.GetSessionAsync(session.Id(), _ct)).GetProperty("result").GetString());
    }

    [Fact]
    public async Task Interrupt_stops_the_active_run_then_runs_the_new_one()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var session = await client.CreateSessionAsync("long first task", _ct);
        await client.WaitForStatusAsync(session.Id(), _ct, "processing");

        var response = await client.PostAsJsonAsync($"/api/v1/sessions/{session.Id()}/messages", new { prompt = "urgent second task", multitaskStrategy = "interrupt" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await Poll.UntilAsync(() => client.EventsAsync(session.Id(), _ct),
            events => events.Count(e => e.GetProperty("type").GetString() == "run.completed") == 2, TimeSpan.FromSeconds(30), _ct);

        var runs = RunsInOrderOfCompletion(done);
        Assert.Equal([(1, "stopped", "cancelled"), (2, "completed", "end_turn")], runs.Select(r => (r.Number, r.Status, r.StopReason)));
        Assert.True(Seq(done, "run.started", runs[1].RunId) > Seq(done, "run.completed", runs[0].RunId));
        var final = await client.GetSessionAsync(session.Id(), _ct);
        Assert.Equal("completed", final.Status());
        Assert.Contains("urgent second task", final.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Stopping_a_session_with_a_queued_run_cancels_both_and_the_queued_one_never_starts()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var session = await client.CreateSessionAsync("first", _ct);
        await client.PostAsJsonAsync($"/api/v1/sessions/{session.Id()}/messages", new { prompt = "queued", multitaskStrategy = "enqueue" }, _ct);

        await client.PostAsync($"/api/v1/sessions/{session.Id()}/stop", null, _ct);
        var done = await Poll.UntilAsync(() => client.EventsAsync(session.Id(), _ct),
            events => events.Count(e => e.GetProperty("type").GetString() == "run.completed") == 2, TimeSpan.FromSeconds(30), _ct);

        var runs = RunsInOrderOfCompletion(done);
        Assert.All(runs, r => Assert.Equal("stopped", r.Status));
        var queuedRunId = runs.Single(r => r.Number == 2).RunId;
        Assert.DoesNotContain(done, e => e.GetProperty("type").GetString() == "run.started" && e.GetProperty("runId").GetString() == queuedRunId);
    }

    private static List<(int Number, string Status, string StopReason, string RunId)> RunsInOrderOfCompletion(List<JsonElement> events) =>
        events.Where(e => e.GetProperty("type").GetString() == "run.completed")
            .Select(e => (e.GetProperty("data").GetProperty("runNumber").GetInt32(), e.GetProperty("data").GetProperty("status").GetString()!,
                e.GetProperty("data").GetProperty("stopReason").GetString()!, e.GetProperty("runId").GetString()!))
            .ToList();

    private static long Seq(List<JsonElement> events, string type, string runId) =>
        events.Single(e => e.GetProperty("type").GetString() == type && e.GetProperty("runId").GetString() == runId).GetProperty("seq").GetInt64();
}
