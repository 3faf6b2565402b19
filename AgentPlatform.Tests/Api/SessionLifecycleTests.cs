using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class SessionLifecycleTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_answers_201_with_location_and_a_pending_session_with_contract_defaults()
    {
        using var client = fixture.Client(ApiFixture.NewUser());

        var response = await client.PostAsJsonAsync("/api/v1/sessions", new { prompt = "Hello" }, _ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal($"/api/v1/sessions/{session.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal("pending", session.Status());
        Assert.Equal("general", session.GetProperty("taskType").GetString());
        Assert.Equal(4000, session.GetProperty("tokenBudget").GetInt32());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("stopReason").ValueKind);
        Assert.StartsWith("simulated", session.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Get_returns_the_session_and_the_worker_completes_it_with_ordered_events()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var created = await client.CreateSessionAsync("What is two plus two?", _ct);

        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed");

        Assert.Equal("end_turn", done.GetProperty("stopReason").GetString());
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("session.created", events[0].GetProperty("type").GetString());
        Assert.Equal("run.completed", events[^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Events_after_a_seq_return_only_later_events_and_the_next_after()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var created = await client.CreateSessionAsync("Events please", _ct);
        await client.WaitForStatusAsync(created.Id(), _ct, "completed");

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{created.Id()}/events?after=2&limit=2", _ct);

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([3L, 4L], items.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(4, page.GetProperty("nextAfter").GetInt64());
        Assert.All(items, e => Assert.Equal(created.Id(), e.GetProperty("sessionId").GetString()));
    }

    [Fact]
    public async Task A_follow_up_after_completion_is_a_new_run_that_sees_the_conversation()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var created = await client.CreateSessionAsync("First question", _ct);
        await client.WaitForStatusAsync(created.Id(), _ct, "completed");

        var response = await client.PostAsJsonAsync($"/api/v1/sessions/{created.Id()}/messages", new { prompt = "Second question" }, _ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal("pending", accepted.Status());
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed");
        Assert.Contains("Second question", done.GetProperty("result").GetString());
        var runs = (await client.EventsAsync(created.Id(), _ct)).Where(e => e.GetProperty("type").GetString() == "run.completed").ToList();
        Assert.Equal(2, runs.Count);
    }

    [Fact]
    public async Task Stopping_a_processing_run_ends_it_stopped_cancelled_and_repeating_is_a_no_op()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var created = await client.CreateSessionAsync("Think for a while", _ct);
        await client.WaitForStatusAsync(created.Id(), _ct, "processing");

        var first = await client.PostAsync($"/api/v1/sessions/{created.Id()}/stop", null, _ct);
        var stopped = await client.WaitForStatusAsync(created.Id(), _ct, "stopped", "completed");
        var again = await client.PostAsync($"/api/v1/sessions/{created.Id()}/stop", null, _ct);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("stopped", stopped.Status());
        Assert.Equal("cancelled", stopped.GetProperty("stopReason").GetString());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("stopped", (await again.Content.ReadFromJsonAsync<JsonElement>(_ct)).Status());
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Single(events, e => e.GetProperty("type").GetString() == "run.completed");
    }

    [Fact]
    public async Task List_returns_only_the_callers_sessions_newest_first_and_filters_by_status_and_task_type()
    {
        var user = ApiFixture.NewUser();
        using var client = fixture.Client(user);
        using var other = fixture.Client(ApiFixture.NewUser());
        var a = await client.CreateSessionAsync(new { prompt = "a", taskType = "analysis" }, _ct);
        var b = await client.CreateSessionAsync(new { prompt = "b", taskType = "simple_query" }, _ct);
        await other.CreateSessionAsync("not mine", _ct);
        await client.WaitForStatusAsync(a.Id(), _ct, "completed");
        await client.WaitForStatusAsync(b.Id(), _ct, "completed");

        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions", _ct);
        var analysis = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions?taskType=analysis&status=completed", _ct);
        var pending = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions?status=pending", _ct);

        Assert.Equal([b.Id(), a.Id()], all.GetProperty("items").EnumerateArray().Select(s => s.Id()));
        Assert.Equal([a.Id()], analysis.GetProperty("items").EnumerateArray().Select(s => s.Id()));
        Assert.Empty(pending.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextCursor").ValueKind);
    }
}
