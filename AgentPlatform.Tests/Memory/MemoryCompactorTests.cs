using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Memory;

/// <summary>The compaction pipeline's invariants, with the summarizer on the fake LLM server over HTTP.</summary>
public sealed class MemoryCompactorTests : IAsyncLifetime
{
    private MemoryTestKit _kit = null!;

    public async ValueTask InitializeAsync() => _kit = await MemoryTestKit.StartAsync();

    public ValueTask DisposeAsync() => _kit.DisposeAsync();

    [Fact]
    public async Task Masking_alone_stubs_older_tool_outputs_keeps_their_calls_and_makes_no_summarizer_call()
    {
        var messages = Transcripts.Long(exchanges: 6);
        var before = MemoryTestKit.Tokens.Count(messages);

        var result = await _kit.CompactAsync(messages, target: before / 2);

        Assert.True(result.Compacted);
        Assert.Equal(MemoryStrategies.Mask, result.Strategy);
        Assert.Empty(_kit.Server.Requests);
        Assert.InRange(result.TokensAfter, 1, before / 2);
        Assert.Equal(messages.Count, result.Messages.Count);
        Transcripts.AssertPairsIntact(result.Messages);
        // Step 1's output is masked, with a pointer to the archived original; the last two exchanges are verbatim.
        var masked = result.Messages.Single(m => m.MessageId == MemoryMessageIds.Tool(Transcripts.RunId, 1, "call_1"));
        var stub = Assert.IsType<FunctionResultContent>(Assert.Single(masked.Contents)).Result as string;
        Assert.StartsWith(ToolOutputMasker.StubPrefix, stub);
        Assert.Contains("kept with call call_1", stub);
        Assert.Contains("row 1 of step 1", stub);
        Assert.Contains(MemoryMessageIds.Tool(Transcripts.RunId, 1, "call_1"), result.ArchivedMessageIds);
        Assert.Equal(messages[^3..].Select(Texts), result.Messages.TakeLast(3).Select(Texts));
    }

    [Fact]
    public async Task Summarizing_keeps_system_prompt_current_prompt_plan_pins_and_the_last_K_exchanges_verbatim()
    {
        _kit.Server.Enqueue(FakeLlmReply.Answer("Fetched pages 1 to 5 of example.com; totals 4,210 and 377 so far."));
        var messages = Transcripts.Long(exchanges: 12);
        PlanStep[] plan = [new(1, "Fetch the files", PlanStepStatus.Completed), new(2, "Add up", PlanStepStatus.InProgress)];

        var result = await _kit.CompactAsync(messages, target: 300, plan: plan);

        Assert.Equal(MemoryStrategies.Summarize, result.Strategy);
        Assert.True(result.TokensAfter < result.TokensBefore / 3, $"{result.TokensBefore} -> {result.TokensAfter}");
        var kept = result.Messages;
        Assert.Same(messages[0], kept[0]);
        Assert.Contains(kept, m => m.MessageId == Transcripts.PromptId && m.Text == messages[1].Text);
        var memory = kept.Single(m => m.MessageId == MemoryMessageIds.Memory).Text;
        Assert.Contains("Fetched pages 1 to 5", memory);
        Assert.Contains("- The customer id is C-4471.", memory);
        Assert.Contains("1. [completed] Fetch the files", memory);
        Assert.Contains("2. [in_progress] Add up", memory);
        // K = 2 exchanges alone exceed this target, so compaction went on inside them; the latest exchange is untouched.
        Assert.Same(messages[^1], kept[^1]);
        Transcripts.AssertPairsIntact(kept);
        Assert.Equal("Fetched pages 1 to 5 of example.com; totals 4,210 and 377 so far.", result.Summary);
        Assert.DoesNotContain(Transcripts.PromptId, result.ArchivedMessageIds);
        Assert.Contains(MemoryMessageIds.Tool(Transcripts.RunId, 3, "call_3"), result.ArchivedMessageIds);
        // The summarizer saw the older part, masked, not the part kept verbatim.
        var request = Assert.Single(_kit.Server.Requests);
        Assert.Contains(ToolOutputMasker.StubPrefix, request.LastUserText);
        Assert.DoesNotContain("row 1 of step 12", request.LastUserText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_summary_is_rejected_and_the_pipeline_falls_back_to_masking_and_a_sliding_window(string summary)
    {
        _kit.Server.Enqueue(FakeLlmReply.Answer(summary));
        var result = await _kit.CompactAsync(Transcripts.Long(exchanges: 10), target: 300);
        AssertFellBack(result, SummaryGuard.Empty);
    }

    [Fact]
    public async Task A_summary_longer_than_its_cap_is_rejected()
    {
        _kit.Options.MaxSummaryTokens = 40;
        _kit.Server.Enqueue(FakeLlmReply.Answer(string.Join(' ', Enumerable.Range(1, 200).Select(i => $"fact{i}"))));
        var result = await _kit.CompactAsync(Transcripts.Long(exchanges: 10), target: 300);
        AssertFellBack(result, SummaryGuard.TooLong);
    }

    [Fact]
    public async Task A_summary_repeating_the_previous_one_is_rejected_and_the_previous_summary_is_kept()
    {
        var previous = "Fetched the first pages; nothing found yet.";
        List<ChatMessage> messages = [Transcripts.System(), new MemoryBlock(previous, [], []).ToMessage(), .. Transcripts.Long(exchanges: 10).Skip(1)];
        _kit.Server.Enqueue(FakeLlmReply.Answer("Fetched the first pages;   nothing found yet."));

        var result = await _kit.CompactAsync(messages, target: 300);

        AssertFellBack(result, SummaryGuard.Repeated);
        Assert.Contains(previous, result.Messages.Single(m => m.MessageId == MemoryMessageIds.Memory).Text);
        Assert.Contains("Summary so far", _kit.Server.Requests[0].LastUserText);
    }

    [Fact]
    public async Task A_summary_that_repeats_one_line_over_and_over_is_rejected()
    {
        _kit.Server.Enqueue(FakeLlmReply.Answer(string.Join('\n', Enumerable.Repeat("- fetched a page", 6))));
        var result = await _kit.CompactAsync(Transcripts.Long(exchanges: 10), target: 300);
        AssertFellBack(result, SummaryGuard.Repeated);
    }

    [Fact]
    public async Task A_failing_summarizer_falls_back_without_failing_the_compaction()
    {
        _kit.Server.Fallback = _ => FakeLlmReply.Error(System.Net.HttpStatusCode.BadRequest, "invalid_request_error", "unknown model");
        var result = await _kit.CompactAsync(Transcripts.Long(exchanges: 10), target: 300);
        AssertFellBack(result, "failed");
        Assert.Null(result.SummarizerCall);
    }

    [Fact]
    public async Task No_summarizer_call_is_made_when_the_budget_cannot_pay_for_it()
    {
        var result = await _kit.CompactAsync(Transcripts.Long(exchanges: 10), target: 300, summarizerBudget: 200);
        AssertFellBack(result, "unaffordable");
        Assert.Empty(_kit.Server.Requests);
    }

    [Fact]
    public async Task The_summarizer_uses_the_model_it_is_given()
    {
        _kit.Server.Enqueue(FakeLlmReply.Answer("A short summary of the fetched pages."));
        await _kit.CompactAsync(Transcripts.Long(exchanges: 10), target: 300, model: "summarizer-model");
        Assert.Equal("summarizer-model", Assert.Single(_kit.Server.Requests).Model);
    }

    [Fact]
    public async Task Nothing_to_compact_leaves_the_messages_unchanged_and_calls_nobody()
    {
        // Only the system prompt, the (protected) current prompt and the latest exchange: nothing may change.
        List<ChatMessage> messages = [Transcripts.System(), Transcripts.Prompt(Transcripts.Output(0, 200)), Transcripts.Answer(2, "done")];

        var result = await _kit.CompactAsync(messages, target: 10);

        Assert.False(result.Compacted);
        Assert.Same(messages, result.Messages);
        Assert.Empty(_kit.Server.Requests);
    }

    [Fact]
    public async Task Compacting_the_result_again_does_not_shrink_it_forever()
    {
        _kit.Server.Fallback = _ => FakeLlmReply.Answer("Pages fetched; totals 4,210 and 377.");
        var first = await _kit.CompactAsync(Transcripts.Long(exchanges: 10), target: 100);
        var second = await _kit.CompactAsync(first.Messages, target: 100);

        Assert.True(first.Compacted);
        Assert.False(second.Compacted);
        Assert.Contains(second.Messages, m => m.MessageId == Transcripts.PromptId);
        Assert.Contains("C-4471", second.Messages.Single(m => m.MessageId == MemoryMessageIds.Memory).Text);
    }

    [Fact]
    public async Task Recent_exchanges_over_the_target_are_masked_trimmed_and_reduced_down_to_the_latest_one()
    {
        _kit.Options.KeepRecentExchanges = 3;
        var longAnswer = string.Join(' ', Enumerable.Range(0, 500).Select(i => $"word{i % 37}"));
        List<ChatMessage> messages = [Transcripts.System(), Transcripts.Prompt("Answer my follow-ups in detail."), .. Transcripts.Pin(1, "The customer id is C-4471."),
            .. Transcripts.ToolExchange(2, "web_fetch", new { url = "a" }, Transcripts.Output(2, 40)), Transcripts.Answer(3, longAnswer),
            .. Transcripts.ToolExchange(4, "web_fetch", new { url = "b" }, Transcripts.Output(4, 40)), Transcripts.Answer(5, longAnswer),
            .. Transcripts.ToolExchange(6, "web_fetch", new { url = "c" }, Transcripts.Output(6, 40)), Transcripts.Answer(7, "The latest answer.")];
        _kit.Server.Fallback = _ => FakeLlmReply.Answer("Pinned the customer id.");

        var result = await _kit.CompactAsync(messages, target: 700);

        Assert.True(result.Compacted);
        Assert.True(result.TokensAfter <= 700, $"{result.TokensBefore} -> {result.TokensAfter}");
        Assert.Same(messages[^1], result.Messages[^1]);
        Assert.Contains(result.Messages, m => m.MessageId == Transcripts.PromptId);
        Assert.Contains("C-4471", string.Join('\n', result.Messages.Select(m => m.Text)));
        Transcripts.AssertPairsIntact(result.Messages);
        Assert.NotEmpty(result.ArchivedMessageIds);
    }

    [Fact]
    public async Task Tool_calls_are_never_split_from_their_results_at_any_K()
    {
        for (var k = 1; k <= 6; k++)
        {
            _kit.Options.KeepRecentExchanges = k;
            _kit.Server.Enqueue(FakeLlmReply.Answer($"Summary number {k}: pages fetched."));
            List<ChatMessage> messages = [Transcripts.System(), Transcripts.Prompt("Go."),
                // A model turn with two parallel calls: their results stay with it.
                new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("a", "web_fetch"), new FunctionCallContent("b", "web_fetch")]).WithId("m:a"),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent("a", Transcripts.Output(1, 30))]).WithId("t:a"),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent("b", Transcripts.Output(2, 30))]).WithId("t:b"),
                .. Transcripts.Long(exchanges: 8).Skip(2)];

            var result = await _kit.CompactAsync(messages, target: 200);

            Assert.True(result.Compacted, $"K={k}");
            Transcripts.AssertPairsIntact(result.Messages);
            Assert.Same(messages[^1], result.Messages[^1]);
        }
    }

    private static void AssertFellBack(CompactionResult result, string reason)
    {
        Assert.True(result.Compacted);
        Assert.Equal(MemoryStrategies.SlidingWindow, result.Strategy);
        Assert.Equal(reason, result.SummaryRejected);
        Assert.Null(result.Summary);
        Transcripts.AssertPairsIntact(result.Messages);
        Assert.Contains(result.Messages, m => m.MessageId == Transcripts.PromptId);
        Assert.Equal(MemoryMessageIds.System, result.Messages[0].MessageId);
        // The pinned fact survives the window; the last K (2) exchanges are there, verbatim.
        Assert.Contains("- The customer id is C-4471.", result.Messages.Single(m => m.MessageId == MemoryMessageIds.Memory).Text);
        Assert.Contains(result.Messages, m => m.MessageId == MemoryMessageIds.Tool(Transcripts.RunId, 10, "call_10"));
        Assert.DoesNotContain(result.Messages, m => m.MessageId == MemoryMessageIds.Tool(Transcripts.RunId, 3, "call_3"));
        Assert.True(result.TokensAfter < result.TokensBefore);
    }

    private static string Texts(ChatMessage m) => $"{m.Role}:{m.MessageId}:{string.Join('|', m.Contents.Select(c => c.ToString()))}";
}
