using static AgentPlatform.Tests.Domain.DomainEvents;

namespace AgentPlatform.Tests.Domain;

/// <summary>The Session aggregate's run lifecycle: the events each command raises (types, order, payloads), and its status.</summary>
public sealed class SessionLifecycleTests
{
    [Fact]
    public void Create_sets_the_session_and_raises_session_created_then_run_queued_for_the_first_run()
    {
        var session = Session.Create("alice", "hello", TaskType.Analysis, 5000, 12, "gpt", T0);

        var run = Assert.Single(session.Runs);
        Assert.Equal(("alice", "hello", TaskType.Analysis, 5000, 12, "gpt"), (session.OwnerId, session.Prompt, session.TaskType, session.TokenBudget, session.MaxSteps, session.Model));
        Assert.Equal((SessionStatus.Pending, T0, T0), (session.Status, session.CreatedAt, session.UpdatedAt));
        Assert.NotEqual(Guid.Empty, session.Id);
        Assert.Equal((session.Id, 1, "hello"), (run.SessionId, run.Number, run.Prompt));
        Assert.Empty(session.Plan);
        Assert.Equal([EventTypes.SessionCreated, EventTypes.RunQueued], session.Types());
        Assert.Equal([(session.Id, 1L, (Guid?)null, T0), (session.Id, 2L, run.Id, T0)],
            session.NewEvents.Select(e => (e.SessionId, e.Seq, e.RunId, e.Timestamp)));
        Assert.Equal(new SessionCreatedData(TaskType.Analysis, 5000, 12, "gpt"), session.Single<SessionCreatedData>());
        Assert.Equal(new RunQueuedData(1, "hello", null), session.Single<RunQueuedData>());
        Assert.Equal(2, session.LastEventSeq);
    }

    [Theory]
    [InlineData(" ", "prompt", "ownerId")]
    [InlineData("owner", "  ", "prompt")]
    public void Create_refuses_a_blank_owner_or_prompt_naming_the_field(string owner, string prompt, string field)
    {
        var error = Assert.Throws<DomainValidationException>(() => Session.Create(owner, prompt, TaskType.General, 4000, 10, "m", T0));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void GetRun_refuses_a_run_of_another_session()
    {
        var session = NewSession();

        Assert.Throws<InvalidOperationException>(() => session.GetRun(Guid.NewGuid()));
        Assert.Same(session.Runs[0], session.GetRun(session.Runs[0].Id));
    }

    [Fact]
    public void StartRun_records_the_model_and_raises_run_started_then_the_status_change()
    {
        var session = NewSession();
        var run = session.Runs[0];
        session.ClearNewEvents();

        session.StartRun(run.Id, "other-model", T0.AddSeconds(1));

        Assert.Equal([EventTypes.RunStarted, EventTypes.SessionStatusChanged], session.Types());
        Assert.Equal(new RunStartedData(1, "other-model"), session.Single<RunStartedData>());
        Assert.Equal([(SessionStatus.Pending, SessionStatus.Processing, (Guid?)run.Id)], session.StatusChanges());
        Assert.Equal(("other-model", SessionStatus.Processing, SessionStatus.Processing), (session.Model, session.Status, run.Status));
        Assert.Equal(T0.AddSeconds(1), session.UpdatedAt);
        Assert.Equal([3L, 4L], session.NewEvents.Select(e => e.Seq));
        Assert.All(session.NewEvents, e => Assert.Equal(run.Id, e.RunId));
    }

    [Fact]
    public void Token_usage_adds_to_the_run_and_the_session_and_reports_both_with_the_budget()
    {
        var (session, runId) = Processing();

        session.AddTokenUsage(runId, 100, 20, T0.AddSeconds(1));
        session.AddTokenUsage(runId, 50, 5, 30, estimated: true, T0.AddSeconds(2), TokenPurpose.Compaction);

        Assert.Equal(
            [new TokenUsageData(TokenPurpose.Model, 100, 20, 0, false, 120, 120, 4000), new TokenUsageData(TokenPurpose.Compaction, 50, 5, 30, true, 175, 175, 4000)],
            session.All<TokenUsageData>());
        Assert.Equal((175, 175), (session.TokensUsed, session.GetRun(runId).TokensUsed));
        Assert.Equal(T0.AddSeconds(2), session.UpdatedAt);
        Assert.All(session.NewEvents, e => Assert.Equal(runId, e.RunId));
    }

    [Fact]
    public void A_follow_ups_tokens_count_for_its_run_and_add_to_the_sessions()
    {
        var (session, first) = Processing();
        session.AddTokenUsage(first, 10, 0, T0);
        session.CompleteRun(first, "one", T0);
        var second = session.AddFollowUp("more", MultitaskStrategy.Reject, T0).Id;
        session.StartRun(second, "m", T0);
        session.ClearNewEvents();

        session.AddTokenUsage(second, 3, 4, T0);

        var usage = session.Single<TokenUsageData>();
        Assert.Equal((7, 17), (usage.RunTokens, usage.SessionTokens));
    }

    [Fact]
    public void A_compaction_counts_and_sums_the_tokens_saved_and_raises_memory_compacted()
    {
        var (session, runId) = Processing();

        session.RecordCompaction(runId, new MemoryCompaction(MemoryStrategies.Mask, "proactive", 1000, 600, null, ["m1"]), T0.AddSeconds(1));
        session.RecordCompaction(runId, new MemoryCompaction(MemoryStrategies.Summarize, "context_length", 900, 200, "sum", ["m2", "m3"]), T0.AddSeconds(2));

        Assert.Equal((2, 1100), (session.Compactions, session.TokensSaved));
        var events = session.All<MemoryCompactedData>();
        Assert.Equal(2, events.Count);
        Assert.Equal((MemoryStrategies.Mask, "proactive", 1000, 600, 400, (string?)null, 400, 1),
            (events[0].Strategy, events[0].Trigger, events[0].TokensBefore, events[0].TokensAfter, events[0].TokensSaved, events[0].Summary, events[0].SessionTokensSaved, events[0].SessionCompactions));
        Assert.Equal(["m1"], events[0].ArchivedMessageIds);
        Assert.Equal((MemoryStrategies.Summarize, "context_length", 700, "sum", 1100, 2),
            (events[1].Strategy, events[1].Trigger, events[1].TokensSaved, events[1].Summary, events[1].SessionTokensSaved, events[1].SessionCompactions));
        Assert.Equal(["m2", "m3"], events[1].ArchivedMessageIds);
        Assert.Equal(T0.AddSeconds(2), session.UpdatedAt);
        Assert.All(session.NewEvents, e => Assert.Equal(runId, e.RunId));
    }

    [Fact]
    public void A_compaction_that_grew_the_memory_saved_nothing()
    {
        Assert.Equal(0, new MemoryCompaction(MemoryStrategies.Mask, "proactive", 100, 150, null, []).TokensSaved);
        Assert.Equal(50, new MemoryCompaction(MemoryStrategies.Mask, "proactive", 150, 100, null, []).TokensSaved);
    }

    [Fact]
    public void Remembered_memory_names_the_run_it_covers_and_raises_nothing()
    {
        var (session, runId) = Processing();

        session.RememberMemory(runId, """{"facts":[]}""", T0.AddSeconds(3));

        Assert.Equal(("""{"facts":[]}""", (int?)1, T0.AddSeconds(3)), (session.MemoryJson, session.MemoryRunNumber, session.UpdatedAt));
        Assert.Empty(session.NewEvents);
        Assert.Throws<InvalidOperationException>(() => session.RememberMemory(Guid.NewGuid(), "{}", T0));
    }

    [Fact]
    public void Messages_thinking_and_tool_calls_are_raised_for_their_run_with_their_payloads()
    {
        var (session, runId) = Processing();

        session.RecordThinking(runId, "hmm", 2, T0);
        session.RecordToolCall(runId, 1, "c1", "web_fetch", """{"url":"u"}""", T0);
        session.RecordToolResult(runId, 1, "c1", "web_fetch", "page", true, T0);
        session.RecordMessage(runId, "answer", T0);

        Assert.Equal([EventTypes.AgentThinking, EventTypes.ToolCalled, EventTypes.ToolResult, EventTypes.AgentMessage], session.Types());
        Assert.Equal(new AgentThinkingData("hmm", 2), session.Single<AgentThinkingData>());
        var called = session.Single<ToolCalledData>();
        Assert.Equal((1, "c1", "web_fetch", "u"), (called.Step, called.CallId, called.Tool, called.Arguments.GetProperty("url").GetString()));
        Assert.Equal(new ToolResultData(1, "c1", "web_fetch", "page", true), session.Single<ToolResultData>());
        Assert.Equal(new AgentMessageData("answer", MessageRole.Agent), session.Single<AgentMessageData>());
        Assert.All(session.NewEvents, e => Assert.Equal(runId, e.RunId));
        Assert.Throws<InvalidOperationException>(() => session.RecordMessage(Guid.NewGuid(), "x", T0));
    }

    [Fact]
    public void Completing_records_the_result_on_run_and_session_and_raises_the_status_change_then_run_completed()
    {
        var (session, runId) = Processing();
        session.AddTokenUsage(runId, 5, 6, T0);
        session.ClearNewEvents();

        session.CompleteRun(runId, "done", T0.AddSeconds(9));

        Assert.Equal([EventTypes.SessionStatusChanged, EventTypes.RunCompleted], session.Types());
        Assert.Equal([(SessionStatus.Processing, SessionStatus.Completed, (Guid?)runId)], session.StatusChanges());
        Assert.Equal(new RunCompletedData(1, SessionStatus.Completed, StopReason.EndTurn, "done", null, 11), session.Single<RunCompletedData>());
        Assert.Equal((SessionStatus.Completed, StopReason.EndTurn, "done", (string?)null, (DateTimeOffset?)T0.AddSeconds(9)),
            (session.Status, session.StopReason, session.Result, session.Error, session.CompletedAt));
        var run = session.GetRun(runId);
        Assert.Equal((SessionStatus.Completed, StopReason.EndTurn, "done", (string?)null), (run.Status, run.StopReason, run.Result, run.Error));
        Assert.Null(session.ActiveRun);
        Assert.Equal(T0.AddSeconds(9), session.UpdatedAt);
    }

    [Fact]
    public void Ending_incomplete_keeps_the_partial_result_and_the_detail_as_the_error()
    {
        var (session, runId) = Processing();

        session.EndRunIncomplete(runId, StopReason.BudgetExceeded, "partial", T0, "out of tokens");

        Assert.Equal(new RunCompletedData(1, SessionStatus.Incomplete, StopReason.BudgetExceeded, "partial", "out of tokens", 0), session.Single<RunCompletedData>());
        Assert.Equal((SessionStatus.Incomplete, StopReason.BudgetExceeded, "partial", "out of tokens"), (session.Status, session.StopReason, session.Result, session.Error));
    }

    [Fact]
    public void Failing_records_the_error_without_a_result()
    {
        var (session, runId) = Processing();

        session.FailRun(runId, "boom", T0);

        Assert.Equal(new RunCompletedData(1, SessionStatus.Failed, StopReason.Error, null, "boom", 0), session.Single<RunCompletedData>());
        Assert.Equal([(SessionStatus.Processing, SessionStatus.Failed, (Guid?)runId)], session.StatusChanges());
        Assert.Equal((SessionStatus.Failed, StopReason.Error, (string?)null, "boom"), (session.Status, session.StopReason, session.Result, session.Error));
    }

    [Fact]
    public void A_pending_run_may_fail_before_it_starts()
    {
        var session = NewSession();
        session.ClearNewEvents();

        session.FailRun(session.Runs[0].Id, "no worker", T0);

        Assert.Equal([(SessionStatus.Pending, SessionStatus.Failed, (Guid?)session.Runs[0].Id)], session.StatusChanges());
        Assert.Equal(EventTypes.RunCompleted, session.Types()[^1]);
    }

    [Fact]
    public void Events_keep_their_numbering_after_the_new_ones_are_cleared()
    {
        var (session, runId) = Processing();

        session.RecordMessage(runId, "x", T0);

        Assert.Equal(5L, Assert.Single(session.NewEvents).Seq);
        Assert.Equal(5L, session.LastEventSeq);
    }

    [Fact]
    public void Asking_the_user_waits_with_the_question_and_answering_resumes_with_the_answer_for_a_new_job()
    {
        var (session, runId) = Processing();

        session.RequestInput(runId, "Which city?", T0.AddSeconds(1));

        Assert.Equal([EventTypes.InputRequested, EventTypes.SessionStatusChanged], session.Types());
        Assert.Equal("Which city?", session.Single<InputRequestedData>().Question);
        Assert.Null(session.Single<InputRequestedData>().CallId);
        Assert.Equal([(SessionStatus.Processing, SessionStatus.WaitingForInput, (Guid?)runId)], session.StatusChanges());
        Assert.Equal(new PendingInput(PendingInputKind.Question, Question: "Which city?"), session.AwaitedInput);
        Assert.Equal(SessionStatus.WaitingForInput, session.GetRun(runId).Status);
        session.ClearNewEvents();

        var run = session.AnswerInput("Lisbon", T0.AddSeconds(2));

        Assert.Equal(runId, run.Id);
        Assert.Equal([EventTypes.AgentMessage, EventTypes.SessionStatusChanged], session.Types());
        Assert.Equal(new AgentMessageData("Lisbon", MessageRole.User), session.Single<AgentMessageData>());
        Assert.Equal([(SessionStatus.WaitingForInput, SessionStatus.Processing, (Guid?)runId)], session.StatusChanges());
        Assert.Null(session.AwaitedInput);
        Assert.Null(session.PendingInputJson); // SQL NULL, not a JSON null
        Assert.Equal((SessionStatus.Processing, (DateTimeOffset?)T0.AddSeconds(2)), (run.Status, run.NeedsJobSince));
        Assert.Equal("Lisbon", run.TakePendingInput());
    }

    [Fact]
    public void An_answer_is_refused_when_no_question_waits()
    {
        var (processing, _) = Processing();
        var completed = Processing();
        completed.Session.CompleteRun(completed.RunId, "r", T0);

        var notWaiting = Assert.Throws<InvalidTransitionException>(() => processing.AnswerInput("x", T0));
        Assert.Equal((SessionStatus.Processing, SessionStatus.Processing), (notWaiting.From, notWaiting.To));
        var finished = Assert.Throws<InvalidTransitionException>(() => completed.Session.AnswerInput("x", T0));
        Assert.Equal(SessionStatus.Completed, finished.From);
        Assert.Empty(processing.NewEvents);
    }

    [Fact]
    public void An_answer_is_refused_while_the_run_waits_for_approvals_not_for_an_answer()
    {
        var (session, runId) = Processing();
        session.RequestApprovals(runId, [SessionApprovalsTests.Request("c1")], T0.AddMinutes(5), T0);

        Assert.Throws<InvalidTransitionException>(() => session.AnswerInput("yes", T0));
        Assert.Equal(SessionStatus.WaitingForInput, session.Status);
    }

    [Fact]
    public void Requesting_input_of_a_run_that_is_not_processing_is_an_invalid_transition()
    {
        var session = NewSession();

        Assert.Throws<InvalidTransitionException>(() => session.RequestInput(session.Runs[0].Id, "q", T0));
        Assert.Null(session.AwaitedInput);
    }

    [Fact]
    public void Finishing_a_waiting_run_clears_what_it_waited_for()
    {
        var (session, runId) = Processing();
        session.RequestInput(runId, "q", T0);

        session.FailRun(runId, "lost", T0);

        Assert.Null(session.AwaitedInput);
        Assert.Equal(SessionStatus.Failed, session.Status);
    }
}
