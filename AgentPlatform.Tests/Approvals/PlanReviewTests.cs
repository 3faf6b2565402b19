using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Approvals;

/// <summary>Plan review (general's ReviewPlan): the run waits after planning until the user approves the plan, edited or as is.</summary>
[Collection(ApprovalsCollection.Name)]
public sealed class PlanReviewTests(ApprovalsFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<(ScriptedModel.Script Script, HttpClient Client, string Id, JsonElement Waiting)> PlannedAsync()
    {
        var script = fixture.Model.Start(r => FakeLlmReply.Answer($"Step done (request {r.Index})."),
            FakeLlmReply.Answer("""{"steps": ["Look around", "Write it down"]}"""));
        var client = fixture.Client();
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Plan a small job"), taskType = "general", tokenBudget = 50_000 }, _ct);
        return (script, client, created.Id(), await client.WaitingAsync(created.Id(), _ct));
    }

    [Fact]
    public async Task An_edited_plan_is_validated_and_the_run_executes_exactly_it()
    {
        var (script, client, id, waiting) = await PlannedAsync();
        Assert.Equal("plan", waiting.Pending().GetProperty("kind").GetString());
        Assert.Equal(["Look around", "Write it down"], waiting.Plan().Select(s => s.Title));
        Assert.Single(script.Requests); // nothing runs before the review

        await ApiCalls.AssertProblemNamesAsync(await client.ReviewPlanAsync(id, new { steps = Array.Empty<object>(), approve = true }, _ct), 400, "steps", _ct);
        await ApiCalls.AssertProblemNamesAsync(
            await client.ReviewPlanAsync(id, new { steps = Enumerable.Range(1, 21).Select(i => new { title = $"s{i}" }), approve = true }, _ct), 400, "steps", _ct);
        await ApiCalls.AssertProblemNamesAsync(
            await client.ReviewPlanAsync(id, new { steps = new[] { new { title = "ok" }, new { title = " " } }, approve = true }, _ct), 400, "steps[1].title", _ct);
        await ApiCalls.AssertProblemNamesAsync(
            await client.ReviewPlanAsync(id, new { steps = new[] { new { title = new string('x', 201) } }, approve = true }, _ct), 400, "steps[0].title", _ct);
        await ApiCalls.AssertProblemNamesAsync(await client.ReviewPlanAsync(id, new { steps = new[] { new { title = "ok" } } }, _ct), 400, "approve", _ct);
        using var stranger = fixture.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.ReviewPlanAsync(id, new { steps = new[] { new { title = "mine" } }, approve = true }, _ct)).StatusCode);

        var reviewed = await client.ReviewPlanAsync(id, new
        {
            steps = new[] { new { title = "Check the inputs" }, new { title = "Do the work" }, new { title = "Report back" } },
            approve = true,
        }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, reviewed.StatusCode);
        var done = await client.EndedAsync(id, _ct);

        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Equal(["Check the inputs", "Do the work", "Report back"], done.Plan().Select(s => s.Title));
        Assert.All(done.Plan(), s => Assert.Equal("completed", s.Status));
        var updated = Assert.Single((await client.EventsAsync(id, _ct)).OfType("plan.updated")).Data();
        Assert.Equal("user", updated.GetProperty("by").GetString());
        Assert.Equal(3, updated.GetProperty("steps").GetArrayLength());
        var requests = script.Requests;
        Assert.Equal(1 + 3 + 1, requests.Count); // planning, one call per approved step, the final answer
        Assert.Contains("Step 1 of 3: Check the inputs", requests[1].LastUserText);
        Assert.Contains("Step 3 of 3: Report back", requests[3].LastUserText);
        Assert.Contains("approved these steps", requests[1].Body.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, (await client.ReviewPlanAsync(id, new { steps = new[] { new { title = "again" } }, approve = true }, _ct)).StatusCode);
    }

    [Fact]
    public async Task A_follow_up_message_approves_the_plan_as_is_with_its_note()
    {
        var (script, client, id, _) = await PlannedAsync();

        var answer = await client.PostAsJsonAsync($"/api/v1/sessions/{id}/messages", new { prompt = "Looks good, keep it short" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var done = await client.EndedAsync(id, _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal(["Look around", "Write it down"], done.Plan().Select(s => s.Title));
        Assert.Empty((await client.EventsAsync(id, _ct)).OfType("plan.updated"));
        var requests = script.Requests;
        Assert.Equal(1 + 2 + 1, requests.Count);
        Assert.Contains("Looks good, keep it short", requests[1].Body.ToJsonString());
        Assert.Contains("Step 1 of 2: Look around", requests[1].LastUserText);
    }

    [Fact]
    public async Task Stop_while_waiting_for_the_review_ends_the_run()
    {
        var (script, client, id, _) = await PlannedAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/sessions/{id}/stop", null, _ct)).StatusCode);
        var stopped = await client.GetSessionAsync(id, _ct);

        Assert.Equal("stopped", stopped.Status());
        Assert.Equal(JsonValueKind.Null, stopped.Pending().ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await client.ReviewPlanAsync(id, new { steps = new[] { new { title = "late" } }, approve = true }, _ct)).StatusCode);
        Assert.Single(script.Requests);
    }
}
