using static AgentPlatform.Tests.Domain.DomainEvents;

namespace AgentPlatform.Tests.Domain;

/// <summary>Follow-up prompts under each multitask strategy, the run that is current, and stopping.</summary>
public sealed class SessionFollowUpTests
{
    [Fact]
    public void A_follow_up_after_the_run_ended_queues_the_next_run_and_the_session_is_pending_again()
    {
        var (session, first) = Processing();
        session.CompleteRun(first, "one", T0);
        session.ClearNewEvents();

        var next = session.AddFollowUp("and then?", MultitaskStrategy.Reject, T0.AddSeconds(1));

        Assert.Equal((2, "and then?", SessionStatus.Pending), (next.Number, next.Prompt, next.Status));
        Assert.Equal("and then?", session.Prompt);
        Assert.Same(next, session.ActiveRun);
        Assert.Equal([EventTypes.RunQueued, EventTypes.SessionStatusChanged], session.Types());
        Assert.Equal(new RunQueuedData(2, "and then?", MultitaskStrategy.Reject), session.Single<RunQueuedData>());
        Assert.Equal([(SessionStatus.Completed, SessionStatus.Pending, (Guid?)next.Id)], session.StatusChanges());
        Assert.All(session.NewEvents, e => Assert.Equal(next.Id, e.RunId));
        // A session that is active again has no completion: the previous run's result stays for reading.
        Assert.Equal(((DateTimeOffset?)null, (StopReason?)null, "one"), (session.CompletedAt, session.StopReason, session.Result));
        Assert.Equal(T0.AddSeconds(1), session.UpdatedAt);
    }

    [Fact]
    public void A_follow_up_is_refused_while_a_run_is_active_with_reject_naming_that_run()
    {
        var (session, first) = Processing();

        var error = Assert.Throws<ActiveRunConflictException>(() => session.AddFollowUp("more", MultitaskStrategy.Reject, T0));

        Assert.Equal(first, error.ActiveRunId);
        Assert.Contains("(processing)", error.Message, StringComparison.Ordinal);
        Assert.Single(session.Runs);
        Assert.Empty(session.NewEvents);
    }

    [Fact]
    public void A_blank_follow_up_is_refused()
    {
        var session = NewSession();

        Assert.Equal("prompt", Assert.Throws<DomainValidationException>(() => session.AddFollowUp(" ", MultitaskStrategy.Enqueue, T0)).Field);
        Assert.Single(session.Runs);
    }

    [Fact]
    public void An_enqueued_follow_up_waits_behind_the_active_run_which_stays_current()
    {
        var (session, first) = Processing();

        var second = session.AddFollowUp("next", MultitaskStrategy.Enqueue, T0);
        var third = session.AddFollowUp("last", MultitaskStrategy.Enqueue, T0);

        Assert.Equal([2, 3], new[] { second.Number, third.Number });
        Assert.Equal(first, session.ActiveRun!.Id);
        Assert.Equal(SessionStatus.Processing, session.Status);
        Assert.Equal([EventTypes.RunQueued, EventTypes.RunQueued], session.Types());
        Assert.Equal(MultitaskStrategy.Enqueue, session.All<RunQueuedData>()[0].MultitaskStrategy);
    }

    [Fact]
    public void When_the_active_run_ends_the_oldest_queued_run_becomes_current_and_sets_the_status()
    {
        var (session, first) = Processing();
        var second = session.AddFollowUp("next", MultitaskStrategy.Enqueue, T0);
        session.AddFollowUp("last", MultitaskStrategy.Enqueue, T0);
        session.ClearNewEvents();

        session.CompleteRun(first, "one", T0.AddSeconds(1));

        Assert.Same(second, session.ActiveRun);
        Assert.Equal(SessionStatus.Pending, session.Status);
        // The status follows the next run (its id on the change); run.completed stays the ended run's last event.
        Assert.Equal([EventTypes.SessionStatusChanged, EventTypes.RunCompleted], session.Types());
        Assert.Equal([(SessionStatus.Processing, SessionStatus.Pending, (Guid?)second.Id)], session.StatusChanges());
        Assert.Equal(first, session.NewEvents[^1].RunId);
        Assert.Equal(1, session.Single<RunCompletedData>().RunNumber);
        Assert.Null(session.CompletedAt);
        Assert.Equal("one", session.Result);
    }

    [Fact]
    public void The_current_run_is_the_oldest_unfinished_one_even_when_a_newer_run_was_started()
    {
        var session = NewSession();
        var first = session.Runs[0];
        var second = session.AddFollowUp("next", MultitaskStrategy.Enqueue, T0);

        session.StartRun(second.Id, "m", T0);

        Assert.Same(first, session.ActiveRun);
        session.StopRun(first.Id, T0);
        Assert.Same(second, session.ActiveRun);
        Assert.Equal(SessionStatus.Processing, session.Status);
    }

    [Fact]
    public void Interrupting_a_processing_run_marks_it_for_its_worker_and_queues_the_new_run_behind_it()
    {
        var (session, first) = Processing();

        var next = session.AddFollowUp("instead", MultitaskStrategy.Interrupt, T0.AddSeconds(2));

        var run = session.GetRun(first);
        Assert.Equal((SessionStatus.Processing, (DateTimeOffset?)T0.AddSeconds(2)), (run.Status, run.CancelRequestedAt));
        Assert.Null(next.CancelRequestedAt);
        Assert.Same(run, session.ActiveRun);
        Assert.Equal(SessionStatus.Processing, session.Status);
        Assert.Equal([EventTypes.RunQueued], session.Types());
        Assert.Equal(new RunQueuedData(2, "instead", MultitaskStrategy.Interrupt), session.Single<RunQueuedData>());
    }

    [Fact]
    public void Interrupting_a_waiting_run_stops_it_at_once_and_the_new_run_is_current()
    {
        var (session, first) = Processing();
        session.RequestInput(first, "q?", T0);
        session.ClearNewEvents();

        var next = session.AddFollowUp("instead", MultitaskStrategy.Interrupt, T0.AddSeconds(2));

        Assert.Equal(SessionStatus.Stopped, session.GetRun(first).Status);
        Assert.Same(next, session.ActiveRun);
        Assert.Equal(SessionStatus.Pending, session.Status);
        Assert.Null(session.AwaitedInput);
        Assert.Equal([EventTypes.SessionStatusChanged, EventTypes.RunCompleted, EventTypes.RunQueued, EventTypes.SessionStatusChanged], session.Types());
        Assert.Equal(
            [(SessionStatus.WaitingForInput, SessionStatus.Stopped, (Guid?)first), (SessionStatus.Stopped, SessionStatus.Pending, (Guid?)next.Id)],
            session.StatusChanges());
        Assert.Equal(new RunCompletedData(1, SessionStatus.Stopped, StopReason.Cancelled, null, null, 0), session.Single<RunCompletedData>());
    }

    [Fact]
    public void Interrupting_stops_the_queued_runs_too()
    {
        var (session, first) = Processing();
        var queued = session.AddFollowUp("queued", MultitaskStrategy.Enqueue, T0);

        var next = session.AddFollowUp("instead", MultitaskStrategy.Interrupt, T0);

        Assert.Equal(SessionStatus.Stopped, queued.Status);
        Assert.Equal(SessionStatus.Processing, session.GetRun(first).Status);
        Assert.Equal(SessionStatus.Pending, next.Status);
        Assert.Equal(3, next.Number);
    }

    [Fact]
    public void Stop_stops_the_queued_runs_at_once_and_marks_the_processing_one_for_its_worker()
    {
        var (session, first) = Processing();
        var queued = session.AddFollowUp("queued", MultitaskStrategy.Enqueue, T0);
        session.ClearNewEvents();

        var run = session.RequestStop(T0.AddSeconds(3));

        Assert.Equal(first, run!.Id);
        Assert.Equal((SessionStatus.Processing, (DateTimeOffset?)T0.AddSeconds(3)), (run.Status, run.CancelRequestedAt));
        Assert.Equal(SessionStatus.Stopped, queued.Status);
        Assert.Equal(SessionStatus.Processing, session.Status);
        Assert.Equal([EventTypes.RunCompleted], session.Types());
        Assert.Equal(queued.Id, session.NewEvents[0].RunId);
        Assert.Equal(T0.AddSeconds(3), session.UpdatedAt);
    }

    [Fact]
    public void Stop_with_two_pending_runs_stops_both_the_queued_one_first()
    {
        var session = NewSession();
        var first = session.Runs[0];
        var queued = session.AddFollowUp("queued", MultitaskStrategy.Enqueue, T0);
        session.ClearNewEvents();

        Assert.Same(first, session.RequestStop(T0));

        Assert.Equal([SessionStatus.Stopped, SessionStatus.Stopped], new[] { first.Status, queued.Status });
        Assert.Equal([EventTypes.RunCompleted, EventTypes.SessionStatusChanged, EventTypes.RunCompleted], session.Types());
        Assert.Equal([queued.Id, first.Id, first.Id], session.NewEvents.Select(e => e.RunId!.Value));
        Assert.Equal([(SessionStatus.Pending, SessionStatus.Stopped, (Guid?)first.Id)], session.StatusChanges());
        Assert.Equal((SessionStatus.Stopped, (StopReason?)StopReason.Cancelled, (DateTimeOffset?)T0), (session.Status, session.StopReason, session.CompletedAt));
    }

    [Fact]
    public void Marking_a_processing_run_for_stop_touches_the_session_and_raises_nothing()
    {
        var (session, first) = Processing();

        session.RequestStop(T0.AddSeconds(7));

        Assert.Equal(T0.AddSeconds(7), session.UpdatedAt);
        Assert.Empty(session.NewEvents);
        Assert.Equal(SessionStatus.Processing, session.GetRun(first).Status);
    }

    [Fact]
    public void Stopping_again_while_the_worker_has_not_stopped_the_run_changes_nothing()
    {
        var (session, first) = Processing();
        session.RequestStop(T0);
        var queuedLater = session.AddFollowUp("later", MultitaskStrategy.Enqueue, T0);
        session.ClearNewEvents();

        var run = session.RequestStop(T0.AddSeconds(5));

        Assert.Equal(first, run!.Id);
        Assert.Equal(T0, run.CancelRequestedAt);
        Assert.Equal(SessionStatus.Pending, queuedLater.Status);
        Assert.Empty(session.NewEvents);
        Assert.Equal(T0, session.UpdatedAt);
    }

    [Fact]
    public void Stopping_a_waiting_run_stops_it_at_once()
    {
        var (session, first) = Processing();
        session.RequestInput(first, "q", T0);

        session.RequestStop(T0);

        Assert.Equal(SessionStatus.Stopped, session.Status);
        Assert.Equal(SessionStatus.Stopped, session.GetRun(first).Status);
    }

    [Fact]
    public void The_worker_stopping_a_run_ends_it_cancelled()
    {
        var (session, first) = Processing();
        session.RequestStop(T0);
        session.ClearNewEvents();

        session.StopRun(first, T0.AddSeconds(1));

        Assert.Equal(new RunCompletedData(1, SessionStatus.Stopped, StopReason.Cancelled, null, null, 0), session.Single<RunCompletedData>());
        Assert.Equal([(SessionStatus.Processing, SessionStatus.Stopped, (Guid?)first)], session.StatusChanges());
        Assert.Equal(((DateTimeOffset?)T0.AddSeconds(1), (StopReason?)StopReason.Cancelled), (session.CompletedAt, session.StopReason));
    }
}
