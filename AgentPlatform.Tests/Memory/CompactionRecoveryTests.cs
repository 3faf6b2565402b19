using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Tests.Engine;
using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Tests.Memory;

/// <summary>
/// A job delivered again after its Worker died mid-run, after compacting (the job executed by hand twice, as Hangfire
/// would): each compaction is re-applied from its checkpoint at the model call it preceded, so the model is sent the same
/// memory as in the first delivery, no summarizer is paid twice, and the session counts each compaction once.
/// </summary>
[Collection(CompactionCollection.Name)]
public sealed class CompactionRecoveryTests(CompactionFixture fixture)
{
    private const string Pin = "The launch code is 7-7-3.";
    private const int Parts = 10;

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_delivered_again_after_compacting_sends_the_same_memory_and_counts_each_compaction_once(bool diesAtTheFirstCompactedCall)
    {
        FakeLlmRequest? hung = null;
        var summaries = 0;
        ScriptedModel.Script script = null!;
        script = fixture.Model.Start(r =>
        {
            if (CompactionFixture.IsSummarizer(r))
            {
                return FakeLlmReply.Answer($"Read bulky parts; readings look normal (summary {Interlocked.Increment(ref summaries)}).");
            }

            // The model call this request makes: after the hang, the next request is the same call made again.
            var call = script.Requests.Count(q => !CompactionFixture.IsSummarizer(q)) - (hung is null ? 0 : 1);
            if (hung is null && (diesAtTheFirstCompactedCall ? IsCompacted(r) : call == Parts + 2))
            {
                hung = r;
                return FakeLlmReply.Hang();
            }

            return call switch
            {
                1 => FakeLlmReply.ToolCall("pin_fact", new { fact = Pin }),
                <= Parts + 1 => FakeLlmReply.ToolCall("bulky", new { n = call - 1, tag = script.Marker }),
                _ => FakeLlmReply.Answer($"All {Parts} parts read."),
            };
        });
        using var client = fixture.ManualApi.ClientFor(ApiFixture.NewUser("compaction"));
        var created = await client.CreateSessionAsync(
            new { prompt = script.Prompt("Read every bulky part and report."), taskType = "simple_query", tokenBudget = 30_000, maxSteps = 50 }, _ct);
        var runId = await fixture.ManualWorker.PendingRunAsync(created.Id(), _ct);

        // First delivery: it compacts, then the Worker dies while the model is answering.
        await DeliverUntilHungAsync(runId, () => hung, _ct);
        var before = await client.EventsAsync(created.Id(), _ct);
        var compactedBefore = before.OfType("memory.compacted");
        Assert.NotEmpty(compactedBefore);
        var agentCallsBefore = script.Requests.Count(r => !CompactionFixture.IsSummarizer(r));
        var summariesBefore = script.Requests.Count(CompactionFixture.IsSummarizer);

        // Second delivery: replayed from the checkpoints, compactions included.
        await fixture.ManualWorker.ExecuteAsync(runId, _ct);

        var session = await client.GetSessionAsync(created.Id(), _ct);
        Assert.Equal("completed", session.Status());
        Assert.Equal($"All {Parts} parts read.", session.GetProperty("result").GetString());
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        var compactions = events.OfType("memory.compacted");
        // No compaction of the first delivery is made (and counted) again.
        Assert.Equal(compactions.Count, compactions.Select(Signature).Distinct().Count());
        if (!diesAtTheFirstCompactedCall)
        {
            // It died at the last model call: everything the run compacts, it had compacted already.
            Assert.Equal(compactedBefore.Select(Signature), compactions.Select(Signature));
            Assert.Equal(summariesBefore, script.Requests.Count(CompactionFixture.IsSummarizer));
        }

        Assert.Equal(compactions.Count, session.GetProperty("compactions").GetInt32());
        Assert.Equal(compactions.Sum(c => c.Data().GetProperty("tokensBefore").GetInt32() - c.Data().GetProperty("tokensAfter").GetInt32()),
            session.GetProperty("tokensSaved").GetInt32());
        Assert.Equal(script.Requests.Count(CompactionFixture.IsSummarizer),
            events.OfType("token.usage").Count(u => u.Data().GetProperty("purpose").GetString() == "compaction"));
        // The call made again is the call the first delivery made: the same (compacted) memory.
        var again = script.Requests.Where(r => !CompactionFixture.IsSummarizer(r)).ElementAt(agentCallsBefore);
        Assert.Equal(hung!.Body.ToJsonString(), again.Body.ToJsonString());
    }

    [Fact]
    public async Task A_run_delivered_again_after_a_context_length_compaction_retries_with_the_same_compacted_memory()
    {
        var n = 0;
        FakeLlmRequest? hung = null;
        ScriptedModel.Script script = null!;
        // Queued: two tool calls, then the context-length error; then the summarizer's answer, the retried call (which
        // hangs in the first delivery) and the answer.
        script = fixture.Model.Start(r =>
        {
            if (CompactionFixture.IsSummarizer(r))
            {
                return FakeLlmReply.Answer("Read bulky parts 1 and 2.");
            }

            if (hung is null)
            {
                hung = r;
                return FakeLlmReply.Hang();
            }

            return FakeLlmReply.Answer("Answered after compaction.");
        });
        script.Then(_ => FakeLlmReply.ToolCall("bulky", new { n = ++n, tag = script.Marker }))
            .Then(_ => FakeLlmReply.ToolCall("bulky", new { n = ++n, tag = script.Marker }))
            .Then(_ => FakeLlmReply.ContextLengthExceeded(2_000, 2_100));
        using var client = fixture.ManualApi.ClientFor(ApiFixture.NewUser("compaction"));
        var created = await client.CreateSessionAsync(
            new { prompt = script.Prompt("Read two bulky parts."), taskType = "simple_query", tokenBudget = 50_000, maxSteps = 50 }, _ct);
        var runId = await fixture.ManualWorker.PendingRunAsync(created.Id(), _ct);

        await DeliverUntilHungAsync(runId, () => hung, _ct);
        Assert.Single((await client.EventsAsync(created.Id(), _ct)).OfType("memory.compacted"));
        await fixture.ManualWorker.ExecuteAsync(runId, _ct);

        var session = await client.GetSessionAsync(created.Id(), _ct);
        Assert.Equal("completed", session.Status());
        Assert.Equal("Answered after compaction.", session.GetProperty("result").GetString());
        var compaction = Assert.Single((await client.EventsAsync(created.Id(), _ct)).OfType("memory.compacted")).Data();
        Assert.Equal(CompactionTriggers.ContextLength, compaction.GetProperty("trigger").GetString());
        Assert.Equal(1, session.GetProperty("compactions").GetInt32());
        Assert.Single(script.Requests, CompactionFixture.IsSummarizer);
        var agent = script.Requests.Where(r => !CompactionFixture.IsSummarizer(r)).ToList();
        Assert.Equal(5, agent.Count);
        Assert.Equal(hung!.Body.ToJsonString(), agent[4].Body.ToJsonString());
    }

    [Fact]
    public async Task A_run_resumed_after_ask_human_keeps_its_compacted_memory_and_counts_each_compaction_once()
    {
        FakeLlmRequest? asking = null;
        ScriptedModel.Script script = null!;
        script = fixture.Model.Start(r =>
        {
            if (CompactionFixture.IsSummarizer(r))
            {
                return FakeLlmReply.Answer("Read bulky parts; readings look normal.");
            }

            if (asking is not null)
            {
                return FakeLlmReply.Answer("Done after asking.");
            }

            // The first call after a compaction asks the user; the answer's job replays the run up to there.
            if (IsCompacted(r))
            {
                asking = r;
                return FakeLlmReply.ToolCall("ask_human", new { question = "Go on?" }, id: "call_ask");
            }

            var call = script.Requests.Count(q => !CompactionFixture.IsSummarizer(q));
            return call == 1 ? FakeLlmReply.ToolCall("pin_fact", new { fact = Pin }) : FakeLlmReply.ToolCall("bulky", new { n = call - 1, tag = script.Marker });
        });
        using var client = fixture.Api.ClientFor(ApiFixture.NewUser("compaction"));
        var created = await client.CreateSessionAsync(
            new { prompt = script.Prompt("Read bulky parts until you need to ask."), taskType = "simple_query", tokenBudget = 30_000, maxSteps = 50 }, _ct);
        var waiting = await client.WaitForStatusAsync(created.Id(), _ct, "waiting_for_input", "completed", "failed", "incomplete");
        Assert.Equal("waiting_for_input", waiting.Status());
        var compactedBefore = (await client.EventsAsync(created.Id(), _ct)).OfType("memory.compacted");
        Assert.NotEmpty(compactedBefore);
        var summariesBefore = script.Requests.Count(CompactionFixture.IsSummarizer);

        (await client.PostAsJsonAsync($"/api/v1/sessions/{created.Id()}/messages", new { prompt = "yes" }, _ct)).EnsureSuccessStatusCode();
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "failed", "incomplete");

        Assert.Equal("completed", done.Status());
        Assert.Equal("Done after asking.", done.GetProperty("result").GetString());
        Assert.Equal(compactedBefore.Select(Signature), (await client.EventsAsync(created.Id(), _ct)).OfType("memory.compacted").Select(Signature));
        Assert.Equal(compactedBefore.Count, done.GetProperty("compactions").GetInt32());
        Assert.Equal(summariesBefore, script.Requests.Count(CompactionFixture.IsSummarizer));
        // The resumed call is the asking call's (compacted) messages, then the question and its answer.
        var resumed = script.Requests.Where(r => !CompactionFixture.IsSummarizer(r)).Last().Messages;
        Assert.Equal(asking!.Messages.Count + 2, resumed.Count);
        Assert.Equal(asking.Messages.Select(m => m!.ToJsonString()), resumed.Take(asking.Messages.Count).Select(m => m!.ToJsonString()));
    }

    /// <summary>Executes the job until the model hangs on a call, then "kills" the Worker (cancels the job's token).</summary>
    private async Task DeliverUntilHungAsync(Guid runId, Func<FakeLlmRequest?> hung, CancellationToken ct)
    {
        using var dies = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var first = fixture.ManualWorker.ExecuteAsync(runId, dies.Token);
        await Poll.UntilAsync(() => Task.FromResult(hung()), h => h is not null, TimeSpan.FromSeconds(60), ct);
        await dies.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }

    private static bool IsCompacted(FakeLlmRequest request)
    {
        var body = request.Body.ToJsonString();
        return body.Contains("[Memory]", StringComparison.Ordinal) || body.Contains(ToolOutputMasker.StubPrefix, StringComparison.Ordinal);
    }

    private static string Signature(JsonElement compaction)
    {
        var data = compaction.Data();
        return $"{data.GetProperty("strategy").GetString()} {data.GetProperty("trigger").GetString()} {data.GetProperty("tokensBefore").GetInt32()} " +
            $"{data.GetProperty("tokensAfter").GetInt32()} {string.Join(',', data.GetProperty("archivedMessageIds").EnumerateArray().Select(i => i.GetString()))}";
    }
}
