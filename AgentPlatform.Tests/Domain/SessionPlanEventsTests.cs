using static AgentPlatform.Tests.Domain.DomainEvents;

namespace AgentPlatform.Tests.Domain;

/// <summary>A run's plan: creating it, moving its steps, revising what is left, and blocking on an unfinished end.</summary>
public sealed class SessionPlanEventsTests
{
    private static (Session Session, Guid RunId) Planned(params string[] titles)
    {
        var (session, runId) = Processing();
        session.CreatePlan(runId, titles.Length == 0 ? ["One", "Two", "Three"] : titles, T0);
        session.ClearNewEvents();
        return (session, runId);
    }

    [Fact]
    public void A_plan_numbers_its_steps_from_one_not_started_and_raises_plan_created()
    {
        var (session, runId) = Processing();

        session.CreatePlan(runId, ["Find", "Write"], T0.AddSeconds(1));

        PlanStep[] expected = [new(1, "Find", PlanStepStatus.NotStarted), new(2, "Write", PlanStepStatus.NotStarted)];
        Assert.Equal(expected, session.Plan);
        Assert.Equal(runId, session.PlanRunId);
        Assert.Equal(expected, session.Single<PlanCreatedData>().Steps);
        Assert.Equal(runId, Assert.Single(session.NewEvents).RunId);
        Assert.Equal(T0.AddSeconds(1), session.UpdatedAt);
    }

    [Fact]
    public void An_empty_plan_is_refused()
    {
        var (session, runId) = Processing();

        Assert.Equal("titles", Assert.Throws<DomainValidationException>(() => session.CreatePlan(runId, [], T0)).Field);
        Assert.Null(session.PlanRunId);
        Assert.Empty(session.NewEvents);
    }

    [Fact]
    public void Moving_a_step_raises_plan_step_updated_with_its_title()
    {
        var (session, runId) = Planned();

        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, T0.AddSeconds(2));
        session.UpdatePlanStep(runId, 3, PlanStepStatus.InProgress, T0.AddSeconds(3));

        Assert.Equal([new PlanStepUpdatedData(1, "One", PlanStepStatus.InProgress), new PlanStepUpdatedData(3, "Three", PlanStepStatus.InProgress)],
            session.All<PlanStepUpdatedData>());
        Assert.Equal([PlanStepStatus.InProgress, PlanStepStatus.NotStarted, PlanStepStatus.InProgress], session.Plan.Select(s => s.Status));
        Assert.All(session.NewEvents, e => Assert.Equal(runId, e.RunId));
        Assert.Equal(T0.AddSeconds(3), session.UpdatedAt);
    }

    [Fact]
    public void A_blocked_step_is_not_resumed_by_a_replay_but_may_still_complete()
    {
        var (session, runId) = Planned();
        session.UpdatePlanStep(runId, 2, PlanStepStatus.Blocked, T0);

        session.UpdatePlanStep(runId, 2, PlanStepStatus.InProgress, T0);
        Assert.Equal(PlanStepStatus.Blocked, session.Plan[1].Status);

        session.UpdatePlanStep(runId, 2, PlanStepStatus.Completed, T0);
        Assert.Equal(PlanStepStatus.Completed, session.Plan[1].Status);
        Assert.Equal([PlanStepStatus.Blocked, PlanStepStatus.Completed], session.All<PlanStepUpdatedData>().Select(u => u.Status));
    }

    [Fact]
    public void A_not_started_step_may_be_blocked_directly_and_an_in_progress_one_completed()
    {
        var (session, runId) = Planned();

        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, T0);
        session.UpdatePlanStep(runId, 1, PlanStepStatus.Completed, T0);
        session.UpdatePlanStep(runId, 2, PlanStepStatus.Blocked, T0);

        Assert.Equal([PlanStepStatus.Completed, PlanStepStatus.Blocked, PlanStepStatus.NotStarted], session.Plan.Select(s => s.Status));
        Assert.Equal(3, session.NewEvents.Count);
    }

    [Fact]
    public void Moving_a_step_is_refused_for_an_unknown_step_and_for_a_run_without_the_plan()
    {
        var (session, runId) = Planned();
        var other = session.AddFollowUp("other", MultitaskStrategy.Enqueue, T0);
        session.ClearNewEvents();

        Assert.Equal("index", Assert.Throws<DomainValidationException>(() => session.UpdatePlanStep(runId, 4, PlanStepStatus.InProgress, T0)).Field);
        Assert.Throws<DomainValidationException>(() => session.UpdatePlanStep(runId, 0, PlanStepStatus.InProgress, T0));
        Assert.Throws<InvalidOperationException>(() => session.UpdatePlanStep(other.Id, 1, PlanStepStatus.InProgress, T0));
        Assert.Empty(session.NewEvents);
        Assert.All(session.Plan, s => Assert.Equal(PlanStepStatus.NotStarted, s.Status));
    }

    [Fact]
    public void Revising_keeps_the_steps_up_to_the_index_and_numbers_the_new_ones_after_it()
    {
        var (session, runId) = Planned();
        session.UpdatePlanStep(runId, 1, PlanStepStatus.Completed, T0);
        session.UpdatePlanStep(runId, 2, PlanStepStatus.Blocked, T0);
        session.ClearNewEvents();

        session.ReviseRemainingPlan(runId, 2, ["Retry", "Finish"], PlanAuthor.Planner, T0.AddSeconds(4));

        PlanStep[] expected =
        [
            new(1, "One", PlanStepStatus.Completed), new(2, "Two", PlanStepStatus.Blocked),
            new(3, "Retry", PlanStepStatus.NotStarted), new(4, "Finish", PlanStepStatus.NotStarted),
        ];
        Assert.Equal(expected, session.Plan);
        var updated = session.Single<PlanUpdatedData>();
        Assert.Equal(PlanAuthor.Planner, updated.By);
        Assert.Equal(expected, updated.Steps);
        Assert.Equal(runId, session.NewEvents[0].RunId);
        Assert.Equal(T0.AddSeconds(4), session.UpdatedAt);
    }

    [Fact]
    public void Revising_is_refused_without_new_steps_or_for_a_run_without_the_plan()
    {
        var (session, runId) = Planned();
        var other = session.AddFollowUp("other", MultitaskStrategy.Enqueue, T0);
        session.ClearNewEvents();

        Assert.Equal("titles", Assert.Throws<DomainValidationException>(() => session.ReviseRemainingPlan(runId, 1, [], PlanAuthor.Planner, T0)).Field);
        Assert.Throws<InvalidOperationException>(() => session.ReviseRemainingPlan(other.Id, 1, ["x"], PlanAuthor.Planner, T0));
        Assert.Empty(session.NewEvents);
        Assert.Equal(3, session.Plan.Count);
    }

    [Fact]
    public void A_completed_run_leaves_its_step_in_progress_unblocked()
    {
        var (session, runId) = Planned();
        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, T0);
        session.ClearNewEvents();

        session.CompleteRun(runId, "r", T0);

        Assert.Equal(PlanStepStatus.InProgress, session.Plan[0].Status);
        Assert.Empty(session.All<PlanStepUpdatedData>());
    }

    [Theory]
    [InlineData(SessionStatus.Failed)]
    [InlineData(SessionStatus.Stopped)]
    public void A_failed_or_stopped_run_blocks_each_step_in_progress_before_run_completed(SessionStatus end)
    {
        var (session, runId) = Planned();
        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, T0);
        session.UpdatePlanStep(runId, 3, PlanStepStatus.InProgress, T0);
        session.ClearNewEvents();

        if (end == SessionStatus.Failed)
        {
            session.FailRun(runId, "x", T0);
        }
        else
        {
            session.StopRun(runId, T0);
        }

        Assert.Equal([PlanStepStatus.Blocked, PlanStepStatus.NotStarted, PlanStepStatus.Blocked], session.Plan.Select(s => s.Status));
        Assert.Equal([EventTypes.PlanStepUpdated, EventTypes.PlanStepUpdated, EventTypes.SessionStatusChanged, EventTypes.RunCompleted], session.Types());
    }

    [Fact]
    public void A_run_that_ends_without_the_plan_leaves_the_plan_alone()
    {
        var (session, runId) = Planned();
        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, T0);
        var other = session.AddFollowUp("other", MultitaskStrategy.Enqueue, T0);
        session.ClearNewEvents();

        session.StopRun(other.Id, T0);

        Assert.Equal(PlanStepStatus.InProgress, session.Plan[0].Status);
        Assert.Empty(session.All<PlanStepUpdatedData>());
    }
}
