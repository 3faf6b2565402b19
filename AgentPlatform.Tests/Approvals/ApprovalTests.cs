using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Approvals;

/// <summary>Tool calls held for approval (simple_query's RequireApproval: guarded), decided through the API.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class ApprovalTests(ApprovalsFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<(ScriptedModel.Script Script, HttpClient Client, string Id, JsonElement Waiting)> HeldAsync(
        FakeLlmReply call, string? user = null)
    {
        var script = fixture.Model.Start(null, call, FakeLlmReply.Answer("All done."));
        var client = fixture.Client(user);
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Do the guarded thing"), taskType = "simple_query" }, _ct);
        return (script, client, created.Id(), await client.WaitingAsync(created.Id(), _ct));
    }

    [Fact]
    public async Task Agents_shows_each_profiles_requireApproval_and_reviewPlan()
    {
        using var client = fixture.Client();

        var agents = await client.GetFromJsonAsync<JsonElement>("/api/v1/agents", _ct);

        JsonElement Profile(string type) => agents.EnumerateArray().Single(a => a.GetProperty("taskType").GetString() == type);
        Assert.Equal(["guarded"], Profile("simple_query").GetProperty("requireApproval").EnumerateArray().Select(e => e.GetString()));
        Assert.False(Profile("simple_query").GetProperty("reviewPlan").GetBoolean());
        Assert.True(Profile("general").GetProperty("reviewPlan").GetBoolean());
        Assert.Empty(Profile("analysis").GetProperty("requireApproval").EnumerateArray());
    }

    [Fact]
    public async Task A_held_call_waits_with_pendingInput_and_runs_once_approved()
    {
        var (script, client, id, waiting) = await HeldAsync(FakeLlmReply.ToolCall("guarded", new { n = 1 }, id: "call_g1"));

        var pending = waiting.Pending();
        Assert.Equal("approval", pending.GetProperty("kind").GetString());
        Assert.Equal("call_g1", pending.GetProperty("callId").GetString());
        Assert.Equal("guarded", pending.GetProperty("tool").GetString());
        Assert.Equal(1, pending.GetProperty("arguments").GetProperty("n").GetInt32());
        Assert.True(pending.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(23));
        Assert.Equal("call_g1", Assert.Single(waiting.GetProperty("pendingApprovals").EnumerateArray()).GetProperty("callId").GetString());
        Assert.Equal(0, fixture.Guarded.CallsFor(id));
        var events = await client.EventsAsync(id, _ct);
        Assert.Equal("call_g1", Assert.Single(events.OfType("tool.called")).Data().GetProperty("callId").GetString());
        var requested = Assert.Single(events.OfType("approval.requested")).Data();
        Assert.Equal("guarded", requested.GetProperty("tool").GetString());
        Assert.Empty(events.OfType("tool.result"));
        // A message does not answer an approval: the run is still active.
        var message = await client.PostAsJsonAsync($"/api/v1/sessions/{id}/messages", new { prompt = "just do it" }, _ct);
        Assert.Equal(HttpStatusCode.Conflict, message.StatusCode);

        var approved = await client.DecideAsync(id, "call_g1", new { decision = "approve" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        var done = await client.EndedAsync(id, _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal(JsonValueKind.Null, done.Pending().ValueKind);
        Assert.Equal(1, fixture.Guarded.CallsFor(id));
        events = await client.EventsAsync(id, _ct);
        var resolved = Assert.Single(events.OfType("approval.resolved")).Data();
        Assert.Equal("approve", resolved.GetProperty("decision").GetString());
        Assert.Equal("guarded 1", Assert.Single(events.OfType("tool.result")).Data().GetProperty("result").GetString());
        Assert.Equal(2, script.Requests.Count); // the held turn's model call was replayed from its checkpoint
        Assert.Equal(["\"guarded 1\""], script.Requests[1].ToolResults());
    }

    [Fact]
    public async Task Edited_arguments_are_validated_against_the_tool_schema_and_the_call_runs_with_them()
    {
        var (script, client, id, _) = await HeldAsync(FakeLlmReply.ToolCall("guarded", new { n = 1 }, id: "call_edit"));

        var bad = await client.DecideAsync(id, "call_edit", new { decision = "approve", arguments = new { n = "seven" } }, _ct);
        await ApiCalls.AssertProblemNamesAsync(bad, 400, "arguments.n", _ct);
        var notObject = await client.DecideAsync(id, "call_edit", new { decision = "approve", arguments = 7 }, _ct);
        await ApiCalls.AssertProblemNamesAsync(notObject, 400, "arguments", _ct);
        Assert.Equal("waiting_for_input", (await client.GetSessionAsync(id, _ct)).Status());

        var approved = await client.DecideAsync(id, "call_edit", new { decision = "approve", arguments = new { n = 7 }, reason = "seven is safer" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        var done = await client.EndedAsync(id, _ct);

        Assert.Equal("completed", done.Status());
        var events = await client.EventsAsync(id, _ct);
        var resolved = Assert.Single(events.OfType("approval.resolved")).Data();
        Assert.Equal(7, resolved.GetProperty("arguments").GetProperty("n").GetInt32());
        var result = Assert.Single(events.OfType("tool.result")).Data().GetProperty("result").GetString()!;
        Assert.EndsWith("guarded 7", result);
        Assert.Contains("edited the arguments", result);
        Assert.Contains("guarded 7", Assert.Single(script.Requests[1].ToolResults()));
    }

    [Fact]
    public async Task A_denied_call_does_not_run_and_the_model_is_told_why()
    {
        var (script, client, id, _) = await HeldAsync(FakeLlmReply.ToolCall("guarded", new { n = 1 }, id: "call_deny"));

        var withArguments = await client.DecideAsync(id, "call_deny", new { decision = "deny", arguments = new { n = 2 } }, _ct);
        await ApiCalls.AssertProblemNamesAsync(withArguments, 400, "arguments", _ct);
        var noDecision = await client.DecideAsync(id, "call_deny", new { reason = "hm" }, _ct);
        await ApiCalls.AssertProblemNamesAsync(noDecision, 400, "decision", _ct);
        var denied = await client.DecideAsync(id, "call_deny", new { decision = "deny", reason = "production is frozen" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, denied.StatusCode);
        var done = await client.EndedAsync(id, _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal("All done.", done.GetProperty("result").GetString());
        Assert.Equal(0, fixture.Guarded.CallsFor(id));
        var told = Assert.Single(script.Requests[1].ToolResults());
        Assert.Contains("denied", told);
        Assert.Contains("production is frozen", told);
        var events = await client.EventsAsync(id, _ct);
        Assert.Equal("deny", Assert.Single(events.OfType("approval.resolved")).Data().GetProperty("decision").GetString());
        Assert.True(Assert.Single(events.OfType("tool.result")).Data().GetProperty("isError").GetBoolean());
    }

    [Fact]
    public async Task Another_users_session_and_an_unknown_call_are_404_and_a_second_decision_is_409()
    {
        var (_, client, id, _) = await HeldAsync(FakeLlmReply.ToolCall("guarded", new { n = 1 }, id: "call_once"));
        using var stranger = fixture.Client();

        var foreign = await stranger.DecideAsync(id, "call_once", new { decision = "approve" }, _ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        var unknown = await client.DecideAsync(id, "call_nope", new { decision = "approve" }, _ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("waiting_for_input", (await client.GetSessionAsync(id, _ct)).Status());

        Assert.Equal(HttpStatusCode.Accepted, (await client.DecideAsync(id, "call_once", new { decision = "approve" }, _ct)).StatusCode);
        var second = await client.DecideAsync(id, "call_once", new { decision = "deny" }, _ct);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);

        Assert.Equal("completed", (await client.EndedAsync(id, _ct)).Status());
        Assert.Equal(1, fixture.Guarded.CallsFor(id));
        Assert.Equal(HttpStatusCode.Conflict, (await client.DecideAsync(id, "call_once", new { decision = "approve" }, _ct)).StatusCode);
    }

    [Fact]
    public async Task Stop_while_waiting_for_approval_ends_the_run_and_the_call_never_runs()
    {
        var (_, client, id, _) = await HeldAsync(FakeLlmReply.ToolCall("guarded", new { n = 1 }, id: "call_stop"));

        var stop = await client.PostAsync($"/api/v1/sessions/{id}/stop", null, _ct);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        var stopped = await client.GetSessionAsync(id, _ct);

        Assert.Equal("stopped", stopped.Status());
        Assert.Equal("cancelled", stopped.GetProperty("stopReason").GetString());
        Assert.Equal(JsonValueKind.Null, stopped.Pending().ValueKind);
        Assert.Empty(stopped.GetProperty("pendingApprovals").EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await client.DecideAsync(id, "call_stop", new { decision = "approve" }, _ct)).StatusCode);
        Assert.Equal(0, fixture.Guarded.CallsFor(id));
        Assert.Empty((await client.EventsAsync(id, _ct)).OfType("tool.result"));
    }

    [Fact]
    public async Task Parallel_calls_are_all_listed_and_the_turn_runs_in_order_once_every_one_is_decided()
    {
        var (script, client, id, waiting) = await HeldAsync(FakeLlmReply.ToolCallsOf([
            FakeLlmReply.Call("guarded", new { n = 1 }, "call_a"),
            FakeLlmReply.Call("counter", new { n = 2 }, "call_b"),
            FakeLlmReply.Call("guarded", new { n = 3 }, "call_c"),
        ]));

        Assert.Equal(["call_a", "call_c"], waiting.GetProperty("pendingApprovals").EnumerateArray().Select(a => a.GetProperty("callId").GetString()));
        Assert.Equal("call_a", waiting.Pending().GetProperty("callId").GetString());
        Assert.Equal(0, fixture.Counter.CallsFor(id)); // nothing of the turn runs before every held call is decided
        Assert.Equal(2, (await client.EventsAsync(id, _ct)).OfType("approval.requested").Count);

        Assert.Equal(HttpStatusCode.Accepted, (await client.DecideAsync(id, "call_a", new { decision = "deny", reason = "not that one" }, _ct)).StatusCode);
        var still = await client.GetSessionAsync(id, _ct);
        Assert.Equal("waiting_for_input", still.Status());
        Assert.Equal("call_c", still.Pending().GetProperty("callId").GetString());
        Assert.Equal("call_c", Assert.Single(still.GetProperty("pendingApprovals").EnumerateArray()).GetProperty("callId").GetString());
        Assert.Equal(0, fixture.Counter.CallsFor(id));

        Assert.Equal(HttpStatusCode.Accepted, (await client.DecideAsync(id, "call_c", new { decision = "approve" }, _ct)).StatusCode);
        var done = await client.EndedAsync(id, _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal(1, fixture.Counter.CallsFor(id));
        Assert.Equal(1, fixture.Guarded.CallsFor(id));
        var results = (await client.EventsAsync(id, _ct)).OfType("tool.result").Select(e => e.Data()).ToList();
        Assert.Equal(["call_a", "call_b", "call_c"], results.Select(r => r.GetProperty("callId").GetString()));
        Assert.Equal(["counted 2", "guarded 3"], results.Skip(1).Select(r => r.GetProperty("result").GetString()));
        Assert.Equal(3, script.Requests[1].ToolResults().Count);
    }
}
