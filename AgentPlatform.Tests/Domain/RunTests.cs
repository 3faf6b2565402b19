namespace AgentPlatform.Tests.Domain;

/// <summary>A run's own bookkeeping: times, tokens, cancellation and pending input (killing Stryker's survivors in Run.cs).</summary>
public sealed class RunTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid SessionId = Guid.NewGuid();

    [Fact]
    public void A_new_run_is_pending_with_its_prompt_number_and_creation_time()
    {
        var run = new Run(SessionId, 2, "hello", T0);

        Assert.Equal((SessionId, 2, "hello", SessionStatus.Pending, T0), (run.SessionId, run.Number, run.Prompt, run.Status, run.CreatedAt));
        Assert.Null(run.StartedAt);
        Assert.Null(run.CompletedAt);
        Assert.NotEqual(Guid.Empty, run.Id);
    }

    [Fact]
    public void Started_is_the_first_processing_time_and_completed_the_terminal_time()
    {
        var run = new Run(SessionId, 1, "p", T0);

        run.MoveTo(SessionStatus.Processing, T0.AddSeconds(1));
        Assert.Equal(T0.AddSeconds(1), run.StartedAt);
        Assert.Null(run.CompletedAt);

        run.MoveTo(SessionStatus.WaitingForInput, T0.AddSeconds(2));
        run.MoveTo(SessionStatus.Processing, T0.AddSeconds(3));
        Assert.Equal(T0.AddSeconds(1), run.StartedAt);
        Assert.Null(run.CompletedAt);
        Assert.False(run.IsTerminal);

        run.MoveTo(SessionStatus.Completed, T0.AddSeconds(4));
        Assert.Equal(T0.AddSeconds(4), run.CompletedAt);
        Assert.True(run.IsTerminal);
    }

    [Fact]
    public void A_run_stopped_before_it_started_has_a_completion_time_but_no_start()
    {
        var run = new Run(SessionId, 1, "p", T0);

        run.MoveTo(SessionStatus.Stopped, T0.AddSeconds(5));

        Assert.Null(run.StartedAt);
        Assert.Equal(T0.AddSeconds(5), run.CompletedAt);
    }

    [Fact]
    public void Finish_records_the_reason_result_and_error_and_tokens_add_up()
    {
        var run = new Run(SessionId, 1, "p", T0);

        run.Finish(StopReason.EndTurn, "done", "none");
        run.AddTokens(10);
        run.AddTokens(5);

        Assert.Equal((StopReason.EndTurn, "done", "none", 15), (run.StopReason, run.Result, run.Error, run.TokensUsed));
    }

    [Fact]
    public void The_first_cancel_request_time_is_kept_and_pending_input_is_taken_once()
    {
        var run = new Run(SessionId, 1, "p", T0);

        run.RequestCancel(T0.AddSeconds(1));
        run.RequestCancel(T0.AddSeconds(2));
        run.ProvideInput("yes");

        Assert.Equal(T0.AddSeconds(1), run.CancelRequestedAt);
        Assert.Equal("yes", run.TakePendingInput());
        Assert.Null(run.TakePendingInput());
    }
}
