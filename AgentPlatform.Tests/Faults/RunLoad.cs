using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Tests.Engine;
using AgentPlatform.Tests.Streams;

namespace AgentPlatform.Tests.Faults;

/// <summary>
/// Runs going while a fault is injected: sessions of several users, each run a few model calls at a modest latency
/// (each call pins a fact, then the model answers), each followed by a <see cref="ResumingStream"/>, SSE and WebSocket
/// in turn, spread over both Api replicas. The checks afterwards are the issue's: no session lost, every run ended
/// with a clear stop reason, every client saw seq 1..N exactly once, the same events GET /events returns.
/// </summary>
public sealed class RunLoad
{
    // Long enough (about 12 s at the latency below) that runs are still going when the slowest fault (a restart that
    // waits for the server to be back) has ended.
    public const int ToolCalls = 16;
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(700);
    private static readonly string[] Terminal = ["completed", "incomplete", "failed", "stopped"];

    private readonly FaultStack _stack;
    private readonly List<Followed> _sessions = [];

    private RunLoad(FaultStack stack) => _stack = stack;

    public IReadOnlyList<Followed> Sessions => _sessions;

    /// <summary>One user's session, its script at the model, and the client following it.</summary>
    public sealed record Followed(string User, string Id, ScriptedModel.Script Script, ResumingStream Stream);

    /// <summary>The model's answer to a load run: pin facts until <see cref="ToolCalls"/> results are in, then answer.</summary>
    public static FakeLlmReply Step(FakeLlmRequest request)
    {
        var results = request.Messages.Count(m => (string?)m?["role"] == "tool");
        var reply = results < ToolCalls
            ? FakeLlmReply.ToolCall(ToolNames.PinFact, new { fact = $"fact number {results}" })
            : FakeLlmReply.Answer("Every fact is pinned.");
        return reply with { Delay = Latency };
    }

    /// <summary>Starts <paramref name="users"/> × <paramref name="perUser"/> runs and their clients.</summary>
    /// <param name="script">The model's replies for session <c>i</c>; <see cref="Step"/> throughout when null.</param>
    public static async Task<RunLoad> StartAsync(FaultStack stack, int users, int perUser, CancellationToken ct,
        Func<int, Func<FakeLlmRequest, FakeLlmReply>>? script = null)
    {
        var load = new RunLoad(stack);
        for (var u = 0; u < users; u++)
        {
            var user = ApiFixture.NewUser("faults");
            using var client = stack.Client(user, u);
            for (var s = 0; s < perUser; s++)
            {
                var index = load._sessions.Count;
                var model = stack.Model.Start(script?.Invoke(index) ?? Step);
                var created = await client.CreateSessionAsync(
                    new { prompt = model.Prompt($"Pin some facts ({index})"), taskType = "simple_query", tokenBudget = 200_000 }, ct);
                var transport = index % 2 == 0 ? Transport.ServerSentEvents : Transport.WebSocket;
                load._sessions.Add(new Followed(user, created.Id(), model, ResumingStream.Follow(stack, transport, user, created.Id(), index, ct)));
            }
        }

        return load;
    }

    /// <summary>Waits until every client has seen at least <paramref name="events"/> events: the runs are under way.</summary>
    public Task WaitUntilUnderWayAsync(int events, CancellationToken ct) =>
        Poll.UntilAsync(() => Task.FromResult(_sessions.Min(s => s.Stream.Seen.Count)), n => n >= events, TimeSpan.FromSeconds(60), ct);

    /// <summary>Sessions whose client has not yet seen run.completed at this moment.</summary>
    public IReadOnlyList<Followed> Running() => [.. _sessions.Where(s => !s.Stream.Completion.IsCompleted)];

    /// <summary>Waits for every client to see its run.completed, then checks everything against the Api.</summary>
    public async Task<List<JsonElement>> AssertIntactAsync(TimeSpan within, CancellationToken ct)
    {
        var all = Task.WhenAll(_sessions.Select(s => s.Stream.Completion));
        var finished = await Task.WhenAny(all, Task.Delay(within, ct));
        Assert.True(finished == all,
            $"Not every stream saw run.completed within {within}: " +
            string.Join("; ", _sessions.Where(s => !s.Stream.Completion.IsCompleted).Select(s => $"{s.Id} at seq {s.Stream.Seen.LastOrDefault()?.Seq}")));
        await all;

        using var client = _stack.Client(_sessions[0].User);
        List<JsonElement> sessions = [];
        foreach (var group in _sessions.GroupBy(s => s.User))
        {
            using var owner = _stack.Client(group.Key);
            // No session lost: the owner's list holds every one of them.
            var listed = await owner.GetFromJsonAsync<JsonElement>("/api/v1/sessions?limit=100", ct);
            Assert.Equal(group.Select(s => s.Id).Order(), listed.GetProperty("items").EnumerateArray().Select(i => i.Id()).Order());
            foreach (var followed in group)
            {
                var session = await owner.GetSessionAsync(followed.Id, ct);
                Assert.Contains(session.Status(), Terminal);
                Assert.False(session.GetProperty("stopReason").ValueKind == JsonValueKind.Null, $"no stop reason: {session}");
                var events = await owner.EventsAsync(followed.Id, ct);
                Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
                Assert.Equal("run.completed", events[^1].GetProperty("type").GetString());
                // Exactly once, no gap: the client's events are GET /events, one for one.
                Assert.Equal(
                    events.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("id").GetString()!)),
                    followed.Stream.Seen.Select(e => (e.Seq, e.Id)));
                sessions.Add(session);
            }
        }

        return sessions;
    }

    /// <summary>
    /// The longest any run still going at <paramref name="faultEnd"/> waited after it for its next event, as its
    /// client received it.
    /// </summary>
    public static TimeSpan WorstWaitForNextEvent(IEnumerable<Followed> running, long faultEnd) =>
        running.Select(s => s.Stream.FirstArrivalAfter(faultEnd) is { } at ? Stopwatch.GetElapsedTime(faultEnd, at) : TimeSpan.MaxValue)
            .DefaultIfEmpty(TimeSpan.Zero).Max();
}
