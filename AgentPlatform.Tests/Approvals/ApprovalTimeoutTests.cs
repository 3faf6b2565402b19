using System.Net;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Approvals;

/// <summary>An approval nobody answers within Agents:Approvals:Timeout is denied with reason timeout (a pair of its own, 2 s).</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class ApprovalTimeoutTests(ApprovalsFixture fixture)
{
    private const string Database = "approvals_timeout";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unanswered_approval_is_denied_with_reason_timeout_and_the_model_carries_on()
    {
        await using var api = new ApiFactory(fixture.Infrastructure, Database, ApprovalsFixture.ApiSettings);
        _ = api.Server;
        await using var worker = new EngineWorkerFactory(fixture.Infrastructure, Database, fixture.Llm.ConnectionString(), fixture.Tools,
            settings: ApprovalsFixture.WorkerSettings(timeout: "00:00:02"));
        _ = worker.Server;
        var script = fixture.Model.Start(null, FakeLlmReply.ToolCall("guarded", new { n = 1 }, id: "call_late"), FakeLlmReply.Answer("Gave up on it."));
        using var client = api.ClientFor(ApiFixture.NewUser("approvals"));
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Do the guarded thing"), taskType = "simple_query" }, _ct);
        var waiting = await client.WaitingAsync(created.Id(), _ct);
        var expiresAt = waiting.Pending().GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(2.5));

        var done = await client.EndedAsync(created.Id(), _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal("Gave up on it.", done.GetProperty("result").GetString());
        Assert.Equal(0, fixture.Guarded.CallsFor(created.Id()));
        var events = await client.EventsAsync(created.Id(), _ct);
        var resolved = Assert.Single(events.OfType("approval.resolved")).Data();
        Assert.Equal("deny", resolved.GetProperty("decision").GetString());
        Assert.Equal("timeout", resolved.GetProperty("reason").GetString());
        Assert.True(resolved.GetProperty("arguments").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Contains("timeout", Assert.Single(script.Requests[1].ToolResults()));
        Assert.Equal(HttpStatusCode.Conflict, (await client.DecideAsync(created.Id(), "call_late", new { decision = "approve" }, _ct)).StatusCode);
    }
}
