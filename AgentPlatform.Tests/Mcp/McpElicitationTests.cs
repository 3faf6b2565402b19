using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Tests.Approvals;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Mcp;

/// <summary>
/// MCP elicitation against real servers: the C# test server's <c>ask</c> (over stdio as <c>local</c>, over Streamable
/// HTTP as <c>web</c>, whose ElicitationTimeout is 3 s) and server-everything's <c>trigger-elicitation-request</c>. The
/// run raises input.requested while the tool call stays in flight in the Worker; POST /messages answers it, and the
/// same job (one run.started) carries the answer to the server.
/// </summary>
[Collection(McpCollection.Name)]
public sealed class McpElicitationTests(McpFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<(ScriptedModel.Script Script, HttpClient Client, string Id, JsonElement Waiting)> AskingAsync(
        string tool, object arguments, string? user = null)
    {
        var script = fixture.Model.Start(null, FakeLlmReply.ToolCall(tool, arguments, id: "call_ask"), FakeLlmReply.Answer("Thanks."));
        var client = fixture.Client(user);
        var created = await client.CreateSessionAsync(
            new { prompt = script.Prompt("Ask the user"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        return (script, client, created.Id(), await client.WaitingAsync(created.Id(), _ct));
    }

    private static Task<HttpResponseMessage> AnswerAsync(HttpClient client, string id, object body, CancellationToken ct) =>
        client.PostAsJsonAsync($"/api/v1/sessions/{id}/messages", body, ct);

    private async Task<(JsonElement Done, List<JsonElement> Events)> EndedAsync(HttpClient client, string id)
    {
        var done = await client.EndedAsync(id, _ct);
        return (done, await client.EventsAsync(id, _ct));
    }

    [Fact]
    public async Task A_server_s_request_for_input_waits_as_a_question_and_the_answer_reaches_the_call_in_flight()
    {
        var (script, client, id, waiting) = await AskingAsync("local__ask", new { question = "Which city?" });

        var pending = waiting.Pending();
        Assert.Equal("question", pending.GetProperty("kind").GetString());
        Assert.Equal("Which city?", pending.GetProperty("question").GetString());
        Assert.Equal("call_ask", pending.GetProperty("callId").GetString());
        Assert.Equal("local__ask", pending.GetProperty("tool").GetString());
        Assert.Equal("string", pending.GetProperty("schema").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        Assert.True(pending.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        var requested = Assert.Single((await client.EventsAsync(id, _ct)).OfType("input.requested")).Data();
        Assert.Equal("call_ask", requested.GetProperty("callId").GetString());
        Assert.Equal(JsonValueKind.Object, requested.GetProperty("schema").ValueKind);

        // Content is checked against the server's schema; a bad answer leaves the request waiting.
        await ApiCalls.AssertProblemNamesAsync(await AnswerAsync(client, id, new { content = new { city = 5 } }, _ct), 400, "content.city", _ct);
        await ApiCalls.AssertProblemNamesAsync(await AnswerAsync(client, id, new { content = new { } }, _ct), 400, "content.city", _ct);
        Assert.Equal("waiting_for_input", (await client.GetSessionAsync(id, _ct)).Status());

        // A plain prompt answers a request for a single field.
        var answered = await AnswerAsync(client, id, new { prompt = "Lisbon" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        var (done, events) = await EndedAsync(client, id);

        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Equal(JsonValueKind.Null, done.Pending().ValueKind);
        var result = Assert.Single(events.OfType("tool.result")).Data();
        Assert.False(result.GetProperty("isError").GetBoolean(), result.ToString());
        Assert.Equal("accept: {\"city\":\"Lisbon\"}", result.GetProperty("result").GetString());
        var resolved = Assert.Single(events.OfType("elicitation.resolved")).Data();
        Assert.Equal(("accept", "user"), (resolved.GetProperty("action").GetString(), resolved.GetProperty("reason").GetString()));
        Assert.Single(events.OfType("run.started")); // the same job carried the answer: no second one
        Assert.Equal(2, script.Requests.Count);
    }

    [Fact]
    public async Task Server_everything_s_form_is_answered_with_content_over_stdio()
    {
        var (_, client, id, waiting) = await AskingAsync("everything__trigger-elicitation-request", new { });
        Assert.Contains("name", waiting.Pending().GetProperty("schema").GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        await ApiCalls.AssertProblemNamesAsync(await AnswerAsync(client, id, new { prompt = "Ada" }, _ct), 400, "content", _ct);
        await ApiCalls.AssertProblemNamesAsync(
            await AnswerAsync(client, id, new { content = new { name = "Ada", email = "not an address" } }, _ct), 400, "content.email", _ct);
        var answered = await AnswerAsync(client, id, new { action = "accept", content = new { name = "Ada Lovelace", check = true, integer = 7 } }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        var (done, events) = await EndedAsync(client, id);

        Assert.True(done.Status() == "completed", done.ToString());
        var text = Assert.Single(events.OfType("tool.result")).Data().GetProperty("result").GetString();
        Assert.Contains("- Name: Ada Lovelace", text);
        Assert.Contains("- Agreed to terms: true", text);
        Assert.Contains("- Favorite Integer: 7", text);
        Assert.Single(events.OfType("run.started"));
    }

    [Fact]
    public async Task A_declined_request_tells_the_server_and_the_run_goes_on()
    {
        var (_, client, id, _) = await AskingAsync("local__ask", new { question = "Which city?" });

        await ApiCalls.AssertProblemNamesAsync(await AnswerAsync(client, id, new { action = "decline", content = new { city = "Rome" } }, _ct), 400, "content", _ct);
        Assert.Equal(HttpStatusCode.Accepted, (await AnswerAsync(client, id, new { action = "decline" }, _ct)).StatusCode);
        var (done, events) = await EndedAsync(client, id);

        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Equal("decline", Assert.Single(events.OfType("tool.result")).Data().GetProperty("result").GetString());
        Assert.Equal("decline", Assert.Single(events.OfType("elicitation.resolved")).Data().GetProperty("action").GetString());
        Assert.Single(events.OfType("run.started"));
        // Nothing is pending any more: a second answer is not taken for one.
        Assert.Equal(HttpStatusCode.Conflict, (await AnswerAsync(client, id, new { action = "decline" }, _ct)).StatusCode);
    }

    [Fact]
    public async Task A_request_nobody_answers_is_cancelled_at_its_timeout_over_Streamable_HTTP()
    {
        var (_, client, id, waiting) = await AskingAsync("web__ask", new { question = "Which city?" });
        Assert.True(waiting.Pending().GetProperty("expiresAt").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddSeconds(4));

        var (done, events) = await EndedAsync(client, id);

        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Equal("cancel", Assert.Single(events.OfType("tool.result")).Data().GetProperty("result").GetString());
        var resolved = Assert.Single(events.OfType("elicitation.resolved")).Data();
        Assert.Equal(("cancel", "timeout"), (resolved.GetProperty("action").GetString(), resolved.GetProperty("reason").GetString()));
        Assert.Single(events.OfType("run.started"));
    }

    [Fact]
    public async Task Stop_while_a_request_waits_ends_the_run_and_the_call_at_once()
    {
        var (script, client, id, _) = await AskingAsync("local__ask", new { question = "Which city?" });

        var stopped = await client.PostAsync($"/api/v1/sessions/{id}/stop", null, _ct);
        Assert.Equal(HttpStatusCode.Accepted, stopped.StatusCode);
        var (done, events) = await EndedAsync(client, id);

        Assert.Equal("stopped", done.Status());
        Assert.Equal(JsonValueKind.Null, done.Pending().ValueKind);
        var resolved = Assert.Single(events.OfType("elicitation.resolved")).Data();
        Assert.Equal(("cancel", "stopped"), (resolved.GetProperty("action").GetString(), resolved.GetProperty("reason").GetString()));
        Assert.Equal("run.completed", events[^1].Type());
        Assert.Empty(events.OfType("tool.result"));
        Assert.Single(script.Requests);
        Assert.Equal(HttpStatusCode.Conflict, (await AnswerAsync(client, id, new { action = "accept", content = new { city = "Rome" } }, _ct)).StatusCode);

        // The session is not stuck: a follow-up is a new run (the script's last reply), and the stopped call wrote nothing more.
        Assert.Equal(HttpStatusCode.Accepted, (await AnswerAsync(client, id, new { prompt = script.Prompt("Never mind") }, _ct)).StatusCode);
        var (next, all) = await EndedAsync(client, id);
        Assert.True(next.Status() == "completed", next.ToString());
        Assert.Empty(all.OfType("tool.result"));
        Assert.Equal(2, all.OfType("run.started").Count);
    }

    [Fact]
    public async Task Another_user_s_request_for_input_is_404()
    {
        var (_, client, id, _) = await AskingAsync("local__ask", new { question = "Which city?" });
        using var other = fixture.Client();

        Assert.Equal(HttpStatusCode.NotFound, (await AnswerAsync(other, id, new { prompt = "Oslo" }, _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/sessions/{id}", _ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await AnswerAsync(client, id, new { action = "cancel" }, _ct)).StatusCode);
        var (done, events) = await EndedAsync(client, id);
        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Equal("cancel", Assert.Single(events.OfType("tool.result")).Data().GetProperty("result").GetString());
    }
}
