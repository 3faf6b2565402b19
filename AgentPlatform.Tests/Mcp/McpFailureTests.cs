using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AgentPlatform.Tests.Engine;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Tests.Mcp;

/// <summary>Servers that die, slow calls that are stopped, and what a stdio server may see of the Worker.</summary>
[Collection(McpCollection.Name)]
public sealed class McpFailureTests(McpFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stdio_server_killed_mid_call_fails_the_call_cleanly_and_is_connected_again()
    {
        var pid = int.Parse(await fixture.Registry.InvokeAsync("local__pid", new ToolContext(Guid.NewGuid()), new AIFunctionArguments(), _ct));
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("local__slow", new { seconds = 60 }),
            FakeLlmReply.Answer("The server went away; done without it."));
        using var client = fixture.Client();
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Call the slow tool"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        await Poll.UntilAsync(() => client.EventsAsync(created.Id(), _ct), e => e.OfType("tool.called").Count == 1, TimeSpan.FromSeconds(30), _ct);

        Process.GetProcessById(pid).Kill();
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

        Assert.True(done.Status() == "completed", done.ToString());
        var result = (await client.EventsAsync(created.Id(), _ct)).OfType("tool.result").Single().Data();
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.StartsWith("Error: local__slow failed", result.GetProperty("result").GetString());
        // Reconnected: a new server process answers.
        var again = await Poll.UntilAsync(
            async () => fixture.Registry.Tools.Single(t => t.Name == "local__pid").Available
                ? await fixture.Registry.InvokeAsync("local__pid", new ToolContext(Guid.NewGuid()), new AIFunctionArguments(), _ct)
                : "",
            p => p.Length > 0, TimeSpan.FromSeconds(30), _ct);
        Assert.NotEqual(pid, int.Parse(again));
    }

    [Fact]
    public async Task A_server_that_is_down_has_its_tools_withheld_and_the_Worker_reports_degraded()
    {
        await using var worker = new EngineWorkerFactory(fixture.Infrastructure, "mcp_tests", fixture.Llm.ConnectionString(), [], jobServer: false,
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = fixture.Infrastructure.RedisConnectionString + ",defaultDatabase=5",
                ["Mcp:Servers:gone:Url"] = "http://127.0.0.1:9/mcp",
                ["Mcp:Servers:gone:Timeout"] = "00:00:02",
                ["Mcp:ReconnectDelay"] = "00:00:00.2",
            });
        var health = await worker.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "mcp", _ct);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("gone", health.Entries["mcp"].Description);

        using var client = worker.CreateClient();
        var response = await client.GetAsync("/health", _ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // degraded, not unhealthy: the Worker keeps running
    }

    [Fact]
    public async Task Stop_during_a_slow_MCP_call_ends_the_run_within_a_second()
    {
        var script = fixture.Model.Start(null,
            FakeLlmReply.ToolCall("everything__trigger-long-running-operation", new { duration = 30, steps = 30 }),
            FakeLlmReply.Answer("never"));
        using var client = fixture.Client();
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Run the long operation"), taskType = "simple_query", tokenBudget = McpFixture.TokenBudget }, _ct);
        await Poll.UntilAsync(() => client.EventsAsync(created.Id(), _ct), e => e.OfType("tool.called").Count == 1, TimeSpan.FromSeconds(30), _ct);
        await Task.Delay(300, _ct); // into the call itself, past the started checkpoint

        var stopwatch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/sessions/{created.Id()}/stop", null, _ct)).StatusCode);
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(created.Id(), _ct),
            s => s.Status() is "stopped" or "completed" or "failed" or "incomplete", TimeSpan.FromSeconds(10), _ct);
        stopwatch.Stop();

        Assert.Equal("stopped", done.Status());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {stopwatch.Elapsed}");
        Assert.Single(script.Requests);
        Assert.Empty((await client.EventsAsync(created.Id(), _ct)).OfType("tool.result"));
    }

    // Over stdio only: with SDK 2.4.0 the Streamable HTTP test server was not seen to cancel its handler (the call
    // still ends at once on the Worker's side, as the stop test shows); see the README.
    [Theory]
    [InlineData("local")]
    public async Task Cancelling_an_MCP_call_tells_the_server_which_stops_the_tool(string server)
    {
        var marker = Path.Combine(Path.GetTempPath(), $"mcp-cancel-{Guid.NewGuid():N}");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        var call = fixture.Registry.InvokeAsync($"{server}__slow", new ToolContext(Guid.NewGuid()),
            new AIFunctionArguments { ["seconds"] = 60, ["path"] = marker }, cancel.Token);
        await Task.Delay(500, _ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(marker)), found => found, TimeSpan.FromSeconds(10), _ct);
        File.Delete(marker);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("everything")]
    public async Task A_stdio_server_sees_only_its_configured_environment_plus_PATH_and_HOME(string server)
    {
        Assert.Equal("must-not-leak", Environment.GetEnvironmentVariable(McpFixture.SecretVariable));
        var text = await fixture.Registry.InvokeAsync($"{server}__get-env", new ToolContext(Guid.NewGuid()), new AIFunctionArguments(), _ct);
        var env = JsonSerializer.Deserialize<Dictionary<string, string?>>(text)!;

        Assert.Equal("configured-value", env[McpFixture.ConfiguredVariable]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), env["PATH"]);
        Assert.DoesNotContain(McpFixture.SecretVariable, env.Keys);
        // Nothing else of the Worker's: only what the runtime itself sets in its own process may be added.
        Assert.All(env.Keys, k => Assert.True(k is "PATH" or "HOME" or McpFixture.ConfiguredVariable || k.StartsWith("DOTNET_", StringComparison.Ordinal),
            $"{server} saw {k}"));
    }
}
