using AgentPlatform.Worker.Agents;
using System.Text.Json;

namespace AgentPlatform.Tests.Engine;

/// <summary>Planning over HTTP against the fake server: structured output, the fallback for a provider without it, replanning.</summary>
[Collection(EngineCollection.Name)]
public sealed class StructuredPlanningTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_structured_plan_of_four_steps_becomes_four_steps_and_the_call_carries_the_plan_schema_with_its_limits()
    {
        var script = fixture.Model.Start(r => FakeLlmReply.Answer($"report {r.Index}"), FakeLlmReply.Structured(4));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Plan this in four"), taskType = "general", tokenBudget = 20000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed", "stopped");

        Assert.Equal("completed", done.Status());
        Assert.Equal(
            [(1, "steps 1 title", "completed"), (2, "steps 2 title", "completed"), (3, "steps 3 title", "completed"), (4, "steps 4 title", "completed")],
            done.Plan());
        var planning = script.Requests[0];
        Assert.Equal("plan", (string?)planning.Body["response_format"]?["json_schema"]?["name"]);
        // Microsoft.Extensions.AI's OpenAI adapter moves the limits into the descriptions (keywords strict mode lacked).
        var steps = planning.ResponseFormatSchema!["properties"]!["steps"]!;
        Assert.Contains("maxItems: 8", (string?)steps["description"]);
        Assert.Contains($"maxLength: {PlanParser.MaxTitleLength}", (string?)steps["items"]!["properties"]!["title"]!["description"]);
        // Only planning calls ask for structured output; the steps' tool loop does not.
        Assert.All(script.Requests.Skip(1), r => Assert.Null(r.ResponseFormatSchema));
    }

    [Fact]
    public async Task A_provider_that_refuses_structured_output_is_asked_once_more_without_it_and_never_again()
    {
        var first = fixture.Model.Start(r => FakeLlmReply.Answer($"report {r.Index}"),
            FakeLlmReply.Structured(3, prose: "Here is what I will do:\n1. Read the files\n2. Write the code"));
        var second = fixture.Model.Start(r => FakeLlmReply.Answer($"report {r.Index}"),
            FakeLlmReply.Structured(3, prose: "- Look at it\n- Fix it\n- Test it"));
        using var client = fixture.Client();

        var a = await client.CreateSessionAsync(new { prompt = first.Prompt("Write a parser"), taskType = EngineFixture.UnstructuredTaskType, tokenBudget = 20000 }, _ct);
        var doneA = await client.WaitForStatusAsync(a.Id(), _ct, "completed", "incomplete", "failed", "stopped");
        var b = await client.CreateSessionAsync(new { prompt = second.Prompt("Fix the parser"), taskType = EngineFixture.UnstructuredTaskType, tokenBudget = 20000 }, _ct);
        var doneB = await client.WaitForStatusAsync(b.Id(), _ct, "completed", "incomplete", "failed", "stopped");

        Assert.Equal(("completed", "completed"), (doneA.Status(), doneB.Status()));
        Assert.Equal([(1, "Read the files", "completed"), (2, "Write the code", "completed")], doneA.Plan());
        Assert.Equal(["Look at it", "Fix it", "Test it"], doneB.Plan().Select(s => s.Title));
        var asked = fixture.Llm.Requests.Where(r => r.ResponseFormatSchema is not null).Select(r => r.Body.ToJsonString()).ToList();
        Assert.Single(asked, body => body.Contains(first.Marker, StringComparison.Ordinal));
        Assert.DoesNotContain(asked, body => body.Contains(second.Marker, StringComparison.Ordinal));
        Assert.All(first.Requests.Concat(second.Requests), r => Assert.Equal(EngineFixture.UnstructuredModel, r.Model));
    }

    [Fact]
    public async Task A_blocked_step_is_replanned_once_by_the_planner_and_the_run_goes_on_with_the_revised_steps()
    {
        var script = fixture.Model.Start(r => FakeLlmReply.Answer($"report {r.Index}"),
            FakeLlmReply.Structured(2),
            FakeLlmReply.ToolCall("counter", new { n = 1 }), FakeLlmReply.ToolCall("counter", new { n = 1 }),
            FakeLlmReply.ToolCall("counter", new { n = 1 }), FakeLlmReply.ToolCall("counter", new { n = 1 }),
            FakeLlmReply.Structured(1));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count, then report"), taskType = "general", tokenBudget = 40000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed", "stopped");

        Assert.Equal("completed", done.Status());
        Assert.Equal([(1, "steps 1 title", "blocked"), (2, "steps 1 title", "completed")], done.Plan());
        var events = await client.EventsAsync(created.Id(), _ct);
        var updated = Assert.Single(events.OfType("plan.updated")).Data();
        Assert.Equal("planner", updated.GetProperty("by").GetString());
        Assert.Equal([(1, "blocked"), (2, "not_started")],
            updated.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("index").GetInt32(), s.GetProperty("status").GetString())));
        var replan = script.Requests[5];
        Assert.NotNull(replan.ResponseFormatSchema);
        Assert.Contains("is blocked", replan.LastUserText);
        // The revision may add at most the steps the plan still has room for (8 in all, 1 kept).
        Assert.Contains("maxItems: 7", (string?)replan.ResponseFormatSchema!["properties"]!["steps"]!["description"]);
    }

    [Fact]
    public async Task Replanning_is_bounded_a_step_stuck_after_the_last_revision_ends_the_run()
    {
        var script = fixture.Model.Start(r => r.ResponseFormatSchema is not null
            ? FakeLlmReply.Structured(1)
            : FakeLlmReply.ToolCall("counter", new { n = 2 }));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count forever"), taskType = "general", tokenBudget = 60000 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed", "stopped");

        Assert.Equal("incomplete", done.Status());
        Assert.Equal("max_steps", done.GetProperty("stopReason").GetString());
        Assert.Equal([(1, "blocked"), (2, "blocked"), (3, "blocked")], done.Plan().Select(s => (s.Index, s.Status)));
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(2, events.OfType("plan.updated").Count);
        Assert.Equal(3, script.Requests.Count(r => r.ResponseFormatSchema is not null));
    }
}
