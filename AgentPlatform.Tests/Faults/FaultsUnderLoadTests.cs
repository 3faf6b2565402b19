using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentPlatform.Tests.Engine;
using AgentPlatform.Tests.Streams;

namespace AgentPlatform.Tests.Faults;

/// <summary>
/// Faults injected while runs and resuming stream clients are going (issue #12, faults under load): each asserts that
/// no session is lost, every run ends with a clear stop reason, every client sees each seq exactly once, the services
/// recover without a restart, and reports the time to recover (<see cref="Recovery"/>).
/// </summary>
[Collection(FaultStackCollection.Name)]
public sealed partial class FaultsUnderLoadTests(FaultStack stack)
{
    private const int Users = 3;
    private const int PerUser = 2;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_paused_for_5_s_under_load()
    {
        var (load, pids) = await StartLoadAsync();
        await stack.Infrastructure.PauseRedisAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5), _ct);
        }
        finally
        {
            await stack.Infrastructure.ResumeRedisAsync();
        }

        await AssertRecoveredAsync("Redis paused 5 s (SIGSTOP, SIGCONT)", load, pids, Stopwatch.GetTimestamp());
    }

    [Fact]
    public async Task Redis_killed_and_started_again_under_load()
    {
        var (load, pids) = await StartLoadAsync();
        await stack.Infrastructure.KillRedisAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), _ct);
        }
        finally
        {
            await stack.Infrastructure.StartRedisAsync();
        }

        await AssertRecoveredAsync("Redis restarted (SIGKILL, 2 s down, started empty on the same port)", load, pids, Stopwatch.GetTimestamp());
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_load()
    {
        var (load, pids) = await StartLoadAsync();
        await stack.Infrastructure.StopPostgresAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), _ct);
        }
        finally
        {
            await stack.Infrastructure.StartPostgresAsync();
        }

        await AssertRecoveredAsync("PostgreSQL restarted (fast shutdown, 2 s down)", load, pids, Stopwatch.GetTimestamp());
    }

    [Fact]
    public async Task A_Worker_killed_under_load_has_its_runs_finished_by_the_other()
    {
        var (load, _) = await StartLoadAsync();
        await stack.KillWorkerAsync(0);
        var killed = Stopwatch.GetTimestamp();
        try
        {
            var pids = stack.Pids();
            await AssertRecoveredAsync("Worker killed (SIGKILL)", load, pids, killed, measureRequests: false,
                detail: $"invisibility timeout {FaultStack.InvisibilityTimeout.TotalSeconds:F0} s");
        }
        finally
        {
            await stack.StartWorkerAsync(0, _ct);
        }
    }

    [Fact]
    public async Task An_Api_killed_under_load_has_its_stream_clients_resume_on_the_other()
    {
        var (load, _) = await StartLoadAsync();
        await stack.KillApiAsync(0);
        var killed = Stopwatch.GetTimestamp();
        try
        {
            var pids = stack.Pids();
            await AssertRecoveredAsync("Api killed (SIGKILL) with streams open", load, pids, killed);
            // The clients that were on the killed replica (even indexes start there) came back through the other one.
            Assert.All(load.Sessions.Where((_, i) => i % 2 == 0), s => Assert.True(s.Stream.Reconnects >= 1, s.Id));
        }
        finally
        {
            await stack.StartApiAsync(0, _ct);
        }
    }

    [Fact]
    public async Task A_model_that_answers_429_500_hangs_or_overflows_under_load()
    {
        var faults = new[] { FakeLlmReply.RateLimited(TimeSpan.FromSeconds(1)), FakeLlmReply.ServerError(), FakeLlmReply.Hang(), FakeLlmReply.ContextLengthExceeded(8192, 9000) };
        string[] names = ["429 (Retry-After 1 s)", "500", "hang (2 s attempt timeout)", "context length exceeded"];
        var served = new long[faults.Length];
        var load = await RunLoad.StartAsync(stack, Users, PerUser, _ct, index =>
        {
            if (index >= faults.Length)
            {
                return RunLoad.Step;
            }

            var requests = 0;
            return request =>
            {
                var n = Interlocked.Increment(ref requests);
                // The context-length error stays (the conversation cannot shrink); the others happen once.
                if (n == 2 || (index == 3 && n > 2))
                {
                    Interlocked.CompareExchange(ref served[index], Stopwatch.GetTimestamp(), 0);
                    return faults[index];
                }

                return RunLoad.Step(request);
            };
        });

        var sessions = await load.AssertIntactAsync(Within, _ct);

        for (var i = 0; i < faults.Length; i++)
        {
            var session = sessions.Single(s => s.Id() == load.Sessions[i].Id);
            if (i == 3)
            {
                Assert.Equal("failed", session.Status());
                Assert.Contains("context window", session.GetProperty("error").GetString());
            }
            else
            {
                Assert.True(session.Status() == "completed", session.ToString());
            }

            Assert.NotEqual(0, served[i]);
            // What the failed call led to: the second call's tool.called once it was retried, or the end of the run.
            var seen = load.Sessions[i].Stream.Seen;
            var next = i == 3 ? seen.Single(e => e.Type == "run.completed") : seen.Where(e => e.Type == "tool.called").ElementAt(1);
            Assert.True(next.ArrivedAt > served[i]);
            Recovery.Report($"LLM {names[i]}", null, Stopwatch.GetElapsedTime(served[i], next.ArrivedAt),
                i == 3 ? $"until run.completed: run {session.Status()}, stopReason {session.GetProperty("stopReason").GetString()}"
                       : "from the failed answer to the retried call's tool.called");
        }

        Assert.All(sessions.Skip(faults.Length), s => Assert.Equal("completed", s.Status()));
    }

    [Fact]
    public async Task An_MCP_server_killed_mid_call_under_load()
    {
        var (load, pids) = await StartLoadAsync(users: 2);
        var script = stack.Model.Start(McpRun);
        var user = ApiFixture.NewUser("faults-mcp");
        using var client = stack.Client(user);
        var created = await client.CreateSessionAsync(
            new { prompt = script.Prompt("Use the local server"), taskType = "simple_query", tokenBudget = 400_000, maxSteps = 100 }, _ct);
        var stream = ResumingStream.Follow(stack, Transport.ServerSentEvents, user, created.Id(), 1, _ct);

        var events = await Poll.UntilAsync(() => client.EventsAsync(created.Id(), _ct),
            e => e.OfType("tool.called").Count == 2, TimeSpan.FromSeconds(30), _ct);
        var pid = ParsePid(events.OfType("tool.result")[0].Data().GetProperty("result").GetString());
        await Task.Delay(300, _ct); // into the slow call itself
        Process.GetProcessById(pid!.Value).Kill();
        var killed = Stopwatch.GetTimestamp();

        await stream.Completion.WaitAsync(Within, _ct);
        var session = await client.GetSessionAsync(created.Id(), _ct);
        Assert.True(session.Status() == "completed", session.ToString());
        events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(events.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("id").GetString()!)), stream.Seen.Select(e => (e.Seq, e.Id)));
        var results = events.OfType("tool.result").ToList();
        Assert.True(results[1].Data().GetProperty("isError").GetBoolean(), results[1].ToString());
        // Connected again: the first call that worked after the kill, and a new server process answered.
        var recovered = results.Skip(2).First(r => !r.Data().GetProperty("isError").GetBoolean());
        var newPid = ParsePid(results[^1].Data().GetProperty("result").GetString());
        Assert.NotNull(newPid);
        Assert.NotEqual(pid, newPid);
        var answered = stream.Seen.Single(e => e.Id == recovered.GetProperty("id").GetString());

        await load.AssertIntactAsync(Within, _ct);
        await stack.AssertRecoveredWithoutRestartAsync(pids, _ct);
        Recovery.Report("MCP stdio server killed mid-call", null, Stopwatch.GetElapsedTime(killed, answered.ArrivedAt),
            $"until a call to it succeeded again, {results.Count - 3} calls after the failed one");
    }

    /// <summary>
    /// local__pid, then a 60 s local__slow (the server is killed during it), then local__echo (new arguments each
    /// time, or the stuck detector stops the run) until one succeeds, then local__pid again.
    /// </summary>
    private static FakeLlmReply McpRun(FakeLlmRequest request)
    {
        var results = request.Messages.Where(m => (string?)m?["role"] == "tool").Select(m => m!["content"]?.ToString() ?? "").ToList();
        return results.Count switch
        {
            0 => FakeLlmReply.ToolCall("local__pid"),
            1 => FakeLlmReply.ToolCall("local__slow", new { seconds = 60 }),
            _ when ParsePid(results[^1]) is not null && results.Count > 2 => FakeLlmReply.Answer("Connected again."),
            _ when results[^1].Contains("echo: attempt", StringComparison.Ordinal) => FakeLlmReply.ToolCall("local__pid"),
            _ => FakeLlmReply.ToolCall("local__echo", new { text = $"attempt {results.Count}" }) with { Delay = TimeSpan.FromMilliseconds(500) },
        };
    }

    private static int? ParsePid(string? text) =>
        text is not null && Pid().IsMatch(text.Trim().Trim('"')) ? int.Parse(text.Trim().Trim('"'), System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex Pid();

    private async Task<(RunLoad Load, Dictionary<string, int> Pids)> StartLoadAsync(int users = Users)
    {
        var pids = stack.Pids();
        RunLoad load;
        try
        {
            load = await RunLoad.StartAsync(stack, users, PerUser, _ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"Could not start the load: {ex}\n{stack.Logs()}");
        }

        await load.WaitUntilUnderWayAsync(events: 6, _ct);
        return (load, pids);
    }

    private async Task AssertRecoveredAsync(string fault, RunLoad load, Dictionary<string, int> pids, long faultEnd,
        bool measureRequests = true, string detail = "")
    {
        var running = load.Running();
        TimeSpan? requests = measureRequests ? await Recovery.UntilRequestsSucceedAsync(stack, faultEnd, _ct) : null;
        TestContext.Current.TestOutputHelper?.WriteLine(stack.Logs());
        var sessions = await load.AssertIntactAsync(Within, _ct);
        Assert.All(sessions, s => Assert.True(s.Status() == "completed", s.ToString()));
        await stack.AssertRecoveredWithoutRestartAsync(pids, _ct);
        Assert.NotEmpty(running);
        Recovery.Report(fault, requests, RunLoad.WorstWaitForNextEvent(running, faultEnd),
            $"{running.Count} runs going{(detail.Length > 0 ? ", " + detail : "")}; {load.Sessions.Sum(s => s.Stream.Reconnects)} stream reconnects");
    }
}
