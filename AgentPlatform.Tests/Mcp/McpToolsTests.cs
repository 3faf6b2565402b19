using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentPlatform.Tests.Engine;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Mcp;

/// <summary>MCP tools in the registry and in runs, against real servers over stdio and Streamable HTTP.</summary>
[Collection(McpCollection.Name)]
public sealed class McpToolsTests(McpFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public void Every_server_s_tools_are_registered_as_server__tool_with_the_server_s_schema()
    {
        var tools = fixture.Registry.Tools.ToDictionary(t => t.Name);
        foreach (var server in McpFixture.Servers)
        {
            var echo = tools[$"{server}__echo"];
            Assert.Equal($"mcp:{server}", echo.Source);
            Assert.True(echo.Available);
            var argument = server.StartsWith("every", StringComparison.Ordinal) ? "message" : "text";
            Assert.Equal(JsonValueKind.Object, echo.ArgumentsSchema.GetProperty("properties").GetProperty(argument).ValueKind);
        }

        // MCP tool names may hold '-': kept, as OpenAI-style names allow it.
        Assert.Contains("everything__get-env", tools.Keys);
        Assert.Contains("everything__trigger-long-running-operation", tools.Keys);
        Assert.All(tools.Keys, n => Assert.Matches("^[A-Za-z0-9_-]{1,64}$", n));
    }

    [Fact]
    public async Task GET_tools_shows_each_tool_s_source_and_GET_agents_resolves_server_patterns()
    {
        using var client = fixture.Client();
        var tools = await Poll.UntilAsync(() => client.GetFromJsonAsync<JsonElement>("/api/v1/tools", _ct),
            t => t.EnumerateArray().Any(x => x.GetProperty("name").GetString() == "everyhttp__echo"), TimeSpan.FromSeconds(30), _ct);
        var sources = tools.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("source").GetString());
        Assert.Equal("builtin", sources["web_fetch"]);
        Assert.Equal("mcp:web", sources["web__echo"]);
        Assert.Equal("mcp:everything", sources["everything__get-env"]);

        var agents = await client.GetFromJsonAsync<JsonElement>("/api/v1/agents", _ct);
        var simple = agents.EnumerateArray().Single(a => a.GetProperty("taskType").GetString() == "simple_query");
        var resolved = simple.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("web__echo", resolved);
        Assert.Contains("local__get-env", resolved);
        Assert.Contains("everything__echo", resolved);
        Assert.DoesNotContain("web__*", resolved);
        Assert.Contains("web__*", simple.GetProperty("configuredTools").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("web", "text")]
    [InlineData("local", "text")]
    [InlineData("everything", "message")]
    [InlineData("everyhttp", "message")]
    public async Task A_run_whose_model_calls_an_MCP_tool_completes_with_the_tool_s_result(string server, string argument)
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall($"{server}__echo", new Dictionary<string, string> { [argument] = "hello mcp" }),
            FakeLlmReply.Answer("The server echoed it."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Echo something"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

        Assert.True(done.Status() == "completed", done.ToString());
        Assert.Equal("The server echoed it.", done.GetProperty("result").GetString());
        var offered = script.Requests[0].Tools.Single(t => (string)t!["function"]!["name"]! == $"{server}__echo");
        Assert.NotNull(offered!["function"]!["parameters"]!["properties"]![argument]);
        var result = (await client.EventsAsync(created.Id(), _ct)).OfType("tool.result").Single().Data();
        Assert.False(result.GetProperty("isError").GetBoolean(), result.ToString());
        Assert.Contains("hello mcp", result.GetProperty("result").GetString());
        Assert.Contains("hello mcp", script.Requests[1].ToolResults().Single());
    }

    [Fact]
    public async Task A_result_gives_text_and_structured_content_and_describes_images_and_links_without_sending_them()
    {
        var text = await fixture.Registry.InvokeAsync("web__picture", new ToolContext(Guid.NewGuid()), new AIFunctionArguments(), _ct);

        Assert.Contains("here is a picture", text);
        Assert.Contains("[image returned: image/png, 10 bytes, not shown]", text);
        Assert.Contains("[resource link: file:///pictures/cat.png (cat.png)]", text);
        Assert.Contains("{\"width\":2,\"height\":3}", text);
        Assert.DoesNotContain("iVBORw", text); // the image's base64
    }

    [Fact]
    public async Task A_tool_that_reports_errors_opens_its_circuit_and_is_withheld_with_a_note()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("web__fail", new { }),
            FakeLlmReply.ToolCall("web__fail", new { }),
            FakeLlmReply.Answer("Gave up on it."));
        using var client = fixture.Client();
        try
        {
            var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Try the failing tool"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
            var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

            Assert.Equal("completed", done.Status());
            var results = (await client.EventsAsync(created.Id(), _ct)).OfType("tool.result");
            Assert.Equal(2, results.Count);
            Assert.All(results, r => Assert.True(r.Data().GetProperty("isError").GetBoolean()));
            Assert.Contains("the test server always fails this", results[0].Data().GetProperty("result").GetString());
            Assert.Contains("web__fail", script.Requests[1].ToolNames());
            Assert.DoesNotContain("web__fail", script.Requests[2].ToolNames());
            Assert.Contains("web__echo", script.Requests[2].ToolNames());
            var note = script.Requests[2].Messages[0]!["content"]!.ToJsonString();
            // Other tests of this fixture may have left another tool withheld at this moment (a server being
            // restarted), so only this tool's place in the note is checked, not the whole list.
            var withheld = Regex.Match(note, "not offered: ([^.]*)\\.").Groups[1].Value.Split(", ");
            Assert.Contains("web__fail", withheld);
            Assert.Equal(Core.Tools.CircuitState.Open, fixture.Registry.GetStates().Single(s => s.Name == "web__fail").Circuit);
        }
        finally
        {
            await fixture.Registry.ResetAsync("web__fail", _ct);
        }
    }

    [Theory]
    [InlineData("local")]
    [InlineData("web")]
    public async Task Tools_a_server_lists_later_are_picked_up(string server)
    {
        var answer = await fixture.Registry.InvokeAsync($"{server}__add_tool", new ToolContext(Guid.NewGuid()), new AIFunctionArguments(), _ct);
        Assert.Equal("added", answer);

        await Poll.UntilAsync(() => Task.FromResult(fixture.Registry.Tools.Any(t => t.Name == $"{server}__late")), found => found, TimeSpan.FromSeconds(20), _ct);
        var late = await fixture.Registry.InvokeAsync($"{server}__late", new ToolContext(Guid.NewGuid()), new AIFunctionArguments(), _ct);
        Assert.Equal("late tool answered", late);
    }
}
