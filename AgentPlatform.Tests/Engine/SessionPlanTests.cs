namespace AgentPlatform.Tests.Engine;

public sealed class SessionPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static (Session Session, Guid RunId) Started()
    {
        var session = Session.Create("owner", "Do it", TaskType.General, 4000, 20, "m", Now);
        var runId = session.Runs[0].Id;
        session.StartRun(runId, "m", Now);
        session.CreatePlan(runId, ["One", "Two"], Now);
        return (session, runId);
    }

    [Fact]
    public void Setting_a_steps_status_again_or_moving_a_completed_step_back_raises_nothing()
    {
        var (session, runId) = Started();
        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, Now);
        session.UpdatePlanStep(runId, 1, PlanStepStatus.Completed, Now);
        var events = session.NewEvents.Count;

        session.UpdatePlanStep(runId, 1, PlanStepStatus.Completed, Now);
        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, Now);

        Assert.Equal(events, session.NewEvents.Count);
        Assert.Equal(PlanStepStatus.Completed, session.Plan[0].Status);
    }

    [Fact]
    public void A_run_that_ends_unfinished_blocks_the_step_in_progress_before_run_completed()
    {
        var (session, runId) = Started();
        session.UpdatePlanStep(runId, 1, PlanStepStatus.InProgress, Now);

        session.EndRunIncomplete(runId, StopReason.MaxSteps, null, Now, "limit");

        Assert.Equal([PlanStepStatus.Blocked, PlanStepStatus.NotStarted], session.Plan.Select(s => s.Status));
        Assert.Equal(EventTypes.PlanStepUpdated, session.NewEvents[^3].Type);
        Assert.Equal(EventTypes.RunCompleted, session.NewEvents[^1].Type);
        Assert.Equal("limit", session.Error);
    }
}
