namespace AgentPlatform.Tests.Domain;

public sealed class StatusMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The contract's state machine, written out independently of the production table.</summary>
    private static readonly HashSet<(SessionStatus From, SessionStatus To)> Allowed =
    [
        (SessionStatus.Pending, SessionStatus.Processing),
        (SessionStatus.Pending, SessionStatus.Stopped),
        (SessionStatus.Pending, SessionStatus.Failed),
        (SessionStatus.Processing, SessionStatus.WaitingForInput),
        (SessionStatus.Processing, SessionStatus.Completed),
        (SessionStatus.Processing, SessionStatus.Incomplete),
        (SessionStatus.Processing, SessionStatus.Failed),
        (SessionStatus.Processing, SessionStatus.Stopped),
        (SessionStatus.WaitingForInput, SessionStatus.Processing),
        (SessionStatus.WaitingForInput, SessionStatus.Stopped),
        (SessionStatus.WaitingForInput, SessionStatus.Failed),
    ];

    public static TheoryData<SessionStatus, SessionStatus> AllPairs()
    {
        var data = new TheoryData<SessionStatus, SessionStatus>();
        foreach (var from in Enum.GetValues<SessionStatus>())
        {
            foreach (var to in Enum.GetValues<SessionStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_transition_is_allowed_exactly_when_the_contract_allows_it(SessionStatus from, SessionStatus to)
    {
        var run = RunIn(from);

        if (Allowed.Contains((from, to)))
        {
            run.MoveTo(to, Now);
            Assert.Equal(to, run.Status);
        }
        else
        {
            var error = Assert.Throws<InvalidTransitionException>(() => run.MoveTo(to, Now));
            Assert.Equal(from, error.From);
            Assert.Equal(to, error.To);
            Assert.Equal(from, run.Status);
        }
    }

    [Fact]
    public void A_new_session_is_pending_with_one_queued_run_and_numbered_events()
    {
        var session = NewSession();

        Assert.Equal(SessionStatus.Pending, session.Status);
        var run = Assert.Single(session.Runs);
        Assert.Equal(SessionStatus.Pending, run.Status);
        Assert.Equal([1L, 2L], session.NewEvents.Select(e => e.Seq));
        Assert.Equal([EventTypes.SessionCreated, EventTypes.RunQueued], session.NewEvents.Select(e => e.Type));
    }

    [Fact]
    public void Completing_a_run_completes_the_session_and_run_completed_is_the_last_event()
    {
        var session = NewSession();
        var runId = session.Runs[0].Id;

        session.StartRun(runId, "m", Now);
        session.AddTokenUsage(runId, 10, 5, Now);
        session.CompleteRun(runId, "done", Now.AddSeconds(1));

        Assert.Equal(SessionStatus.Completed, session.Status);
        Assert.Equal(StopReason.EndTurn, session.StopReason);
        Assert.Equal("done", session.Result);
        Assert.Equal(15, session.TokensUsed);
        Assert.Equal(Now.AddSeconds(1), session.CompletedAt);
        Assert.Equal(EventTypes.RunCompleted, session.NewEvents[^1].Type);
        Assert.Equal(Enumerable.Range(1, session.NewEvents.Count).Select(i => (long)i), session.NewEvents.Select(e => e.Seq));
    }

    [Fact]
    public void Completing_a_run_that_never_started_is_an_invalid_transition()
    {
        var session = NewSession();

        Assert.Throws<InvalidTransitionException>(() => session.CompleteRun(session.Runs[0].Id, "x", Now));
        Assert.Equal(SessionStatus.Pending, session.Status);
    }

    [Fact]
    public void Starting_a_finished_run_again_is_an_invalid_transition()
    {
        var session = NewSession();
        var runId = session.Runs[0].Id;
        session.StartRun(runId, "m", Now);
        session.FailRun(runId, "boom", Now);

        Assert.Throws<InvalidTransitionException>(() => session.StartRun(runId, "m", Now));
        Assert.Equal(SessionStatus.Failed, session.Status);
        Assert.Equal(StopReason.Error, session.StopReason);
    }

    [Fact]
    public void Stopping_a_pending_run_stops_it_at_once_and_repeating_changes_nothing()
    {
        var session = NewSession();

        session.RequestStop(Now);
        var eventsAfterFirstStop = session.NewEvents.Count;
        var again = session.RequestStop(Now);

        Assert.Null(again);
        Assert.Equal(SessionStatus.Stopped, session.Status);
        Assert.Equal(StopReason.Cancelled, session.StopReason);
        Assert.Equal(eventsAfterFirstStop, session.NewEvents.Count);
    }

    [Fact]
    public void Stopping_a_processing_run_only_marks_it_for_the_worker()
    {
        var session = NewSession();
        var runId = session.Runs[0].Id;
        session.StartRun(runId, "m", Now);

        var run = session.RequestStop(Now);

        Assert.NotNull(run);
        Assert.Equal(Now, run.CancelRequestedAt);
        Assert.Equal(SessionStatus.Processing, session.Status);
        session.StopRun(runId, Now);
        Assert.Equal(SessionStatus.Stopped, session.Status);
    }

    [Theory]
    [InlineData("", "prompt")]
    [InlineData("owner", "")]
    public void A_session_needs_an_owner_and_a_prompt(string owner, string prompt)
    {
        Assert.Throws<DomainValidationException>(() =>
            Session.Create(owner, prompt, TaskType.General, 4000, 10, "m", Now));
    }

    private static Session NewSession() => Session.Create("alice", "hello", TaskType.General, 4000, 10, "m", Now);

    /// <summary>A run brought into <paramref name="status"/> along an allowed path.</summary>
    private static Run RunIn(SessionStatus status)
    {
        var run = new Run(Guid.NewGuid(), 1, "p", Now);
        SessionStatus[] path = status switch
        {
            SessionStatus.Pending => [],
            SessionStatus.Processing => [SessionStatus.Processing],
            SessionStatus.WaitingForInput => [SessionStatus.Processing, SessionStatus.WaitingForInput],
            _ => [SessionStatus.Processing, status],
        };
        foreach (var step in path)
        {
            run.MoveTo(step, Now);
        }

        return run;
    }
}
