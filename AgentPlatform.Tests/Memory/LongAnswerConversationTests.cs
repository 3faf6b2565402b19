using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core;
using AgentPlatform.Tests.Engine;
using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Tests.Memory;

/// <summary>
/// Issue 14's end-to-end bar for compaction: a conversation of 10 runs (a session and 9 follow-ups, through the Api)
/// whose answers are about 700 tokens each, at a 4,000-token window with the last K = 3 exchanges kept (where the
/// recent part alone passes the target, and compaction used to save about 20%). Read from the events: each compaction
/// saves at least half of what it compacted, no two model calls in a row follow a compaction, and the model always
/// sees the current prompt and the pinned fact.
/// </summary>
[Collection(CompactionCollection.Name)]
public sealed class LongAnswerConversationTests(CompactionFixture fixture)
{
    private const int Runs = 10;
    private const string Pin = "The reference station is S7.";

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_runs_of_long_answers_at_a_4k_window_compact_at_most_every_other_call_saving_half_or_more()
    {
        var run = 0;
        var summaries = 0;
        ConcurrentQueue<(int Run, FakeLlmRequest Request)> agentRequests = new();
        ScriptedModel.Script script = null!;
        script = fixture.Model.Start(r =>
        {
            if (CompactionFixture.IsSummarizer(r))
            {
                // A new summary each time (the guard rejects the previous one repeated), so each compaction can summarize.
                return FakeLlmReply.Answer($"Summary {Interlocked.Increment(ref summaries)}: earlier questions were answered at length; readings were within the band (ref {script.Marker}).");
            }

            agentRequests.Enqueue((run, r));
            // The first run pins a fact, then answers; every run's answer is long.
            return agentRequests.Count == 1 ? FakeLlmReply.ToolCall("pin_fact", new { fact = Pin }) : FakeLlmReply.Answer(LongAnswer(run));
        });

        var user = ApiFixture.NewUser("longanswers");
        using var client = fixture.LongApi.ClientFor(user);
        run = 1;
        var created = await client.CreateSessionAsync(new { prompt = Question(script, 1), taskType = "simple_query", tokenBudget = 500_000, maxSteps = 20 }, _ct);
        var id = created.Id();
        await WaitForRunAsync(client, id, Question(script, 1), 1);
        for (run = 2; run <= Runs; run++)
        {
            var posted = await client.PostAsJsonAsync($"/api/v1/sessions/{id}/messages", new { prompt = Question(script, run) }, _ct);
            Assert.True(posted.IsSuccessStatusCode, $"follow-up {run}: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync(_ct)}");
            await WaitForRunAsync(client, id, Question(script, run), run);
        }

        var events = await client.EventsAsync(id, _ct);
        // Which agent model calls a proactive compaction preceded, in event order (a compaction is recorded before its call).
        List<bool> compactedBefore = [];
        var pending = false;
        foreach (var e in events)
        {
            if (e.Type() == "memory.compacted" && Typed<MemoryCompactedData>(e).Trigger == CompactionTriggers.Proactive)
            {
                pending = true;
            }
            else if (e.Type() == "token.usage" && Typed<TokenUsageData>(e).Purpose == TokenPurpose.Model)
            {
                compactedBefore.Add(pending);
                pending = false;
            }
        }

        var compactions = events.OfType("memory.compacted").Select(Typed<MemoryCompactedData>).ToList();
        Report($"{compactedBefore.Count} model calls, {compactions.Count} compactions: " + string.Join("; ", compactions.Select(c =>
            $"{c.Strategy} {c.TokensBefore}->{c.TokensAfter} ({100.0 * (c.TokensBefore - c.TokensAfter) / c.TokensBefore:F0}% saved)"))
            + $"; calls compacted before: {string.Join("", compactedBefore.Select(c => c ? 'C' : '.'))}");

        Assert.Equal(Runs + 1, compactedBefore.Count); // the pin_fact call, then one answer per run
        Assert.Equal(Runs + 1, agentRequests.Count);
        Assert.True(compactions.Count >= 2, $"{compactions.Count} compactions: the conversation must outgrow the window");
        Assert.All(compactions, c =>
        {
            Assert.Equal(CompactionTriggers.Proactive, c.Trigger);
            Assert.True(c.TokensBefore - c.TokensAfter >= c.TokensBefore / 2.0,
                $"{c.Strategy} saved {c.TokensBefore - c.TokensAfter} of {c.TokensBefore}");
        });
        for (var i = 1; i < compactedBefore.Count; i++)
        {
            Assert.False(compactedBefore[i] && compactedBefore[i - 1], $"model calls {i} and {i + 1} both followed a compaction");
        }

        // Every call saw its run's prompt verbatim, as the last user message, and (after the pin) the pinned fact.
        foreach (var (n, request) in agentRequests.Skip(1))
        {
            Assert.Equal(Question(script, n), request.LastUserText);
            Assert.Contains(Pin, request.Body.ToJsonString());
        }
    }

    private async Task WaitForRunAsync(HttpClient client, string id, string prompt, int n)
    {
        var done = await Poll.UntilAsync(() => client.GetSessionAsync(id, _ct),
            s => s.Status() is "completed" or "failed" or "incomplete" && s.GetProperty("prompt").GetString() == prompt, TimeSpan.FromSeconds(60), _ct);
        Assert.True(done.Status() == "completed", $"run {n}: {done}");
        Assert.Equal(LongAnswer(n), done.GetProperty("result").GetString());
    }

    private static string Question(ScriptedModel.Script script, int n) => script.Prompt($"Question {n}: explain the readings of survey {n} in depth.");

    /// <summary>About 700 tokens: 28 sentences of readings, naming the survey.</summary>
    private static string LongAnswer(int n) =>
        $"Survey {n} in depth.\n" + string.Join(' ', Enumerable.Range(1, 28).Select(j =>
            $"Point {j} of survey {n}: station S{j} read {j * 37 % 101} units at hour {j % 24}, inside the expected band."));

    private static T Typed<T>(JsonElement e) => e.Data().Deserialize<T>(JsonDefaults.Options)!;

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("BENCH_OUT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, $"compaction long answers e2e: {line}\n");
        }
    }
}
