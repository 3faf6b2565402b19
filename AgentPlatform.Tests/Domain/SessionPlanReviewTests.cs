using static AgentPlatform.Tests.Domain.DomainEvents;

namespace AgentPlatform.Tests.Domain;

/// <summary>A run that waits for the user to review its plan, and the user's approved plan.</summary>
public sealed class SessionPlanReviewTests
{
    private static (Session Session, Guid RunId) Reviewing()
    {
        var (session, runId) = Processing();
        session.CreatePlan(runId, ["Plan A", "Plan B"], T0);
        session.RequestPlanReview(runId, T0.AddSeconds(1));
        return (session, runId);
    }

    [Fact]
    public void A_review_waits_for_the_plan_with_only_a_status_change()
    {
        var (session, runId) = Processing();
        session.CreatePlan(runId, ["Plan A"], T0);
        session.ClearNewEvents();

        session.RequestPlanReview(runId, T0.AddSeconds(1));

        Assert.Equal([(SessionStatus.Processing, SessionStatus.WaitingForInput, (Guid?)runId)], session.StatusChanges());
        Assert.Single(session.NewEvents);
        Assert.Equal(new PendingInput(PendingInputKind.Plan), session.AwaitedInput);
        Assert.Equal(SessionStatus.WaitingForInput, session.GetRun(runId).Status);
        Assert.Equal(T0.AddSeconds(1), session.UpdatedAt);
    }

    [Fact]
    public void A_review_of_a_run_that_already_waits_keeps_it_waiting_and_raises_nothing()
    {
        var (session, runId) = Processing();
        session.CreatePlan(runId, ["Plan A"], T0);
        session.RequestInput(runId, "q", T0);
        session.ClearNewEvents();

        session.RequestPlanReview(runId, T0);

        Assert.Empty(session.NewEvents);
        Assert.Equal(PendingInputKind.Plan, session.AwaitedInput!.Kind);
        Assert.Equal(SessionStatus.WaitingForInput, session.Status);
    }

    [Fact]
    public void A_review_needs_the_runs_plan()
    {
        var (session, runId) = Processing();

        Assert.Throws<InvalidOperationException>(() => session.RequestPlanReview(runId, T0));
        Assert.Null(session.AwaitedInput);
        Assert.Equal(SessionStatus.Processing, session.Status);
    }

    [Fact]
    public void Approving_replaces_the_plan_and_the_run_resumes_for_a_new_job_with_the_review_answered()
    {
        var (session, runId) = Reviewing();
        session.ClearNewEvents();

        var run = session.ApprovePlan(["Mine 1", "Mine 2", "Mine 3"], T0.AddSeconds(2));

        Assert.Equal(runId, run.Id);
        PlanStep[] expected = [new(1, "Mine 1", PlanStepStatus.NotStarted), new(2, "Mine 2", PlanStepStatus.NotStarted), new(3, "Mine 3", PlanStepStatus.NotStarted)];
        Assert.Equal(expected, session.Plan);
        Assert.Equal([EventTypes.PlanUpdated, EventTypes.SessionStatusChanged], session.Types());
        var updated = session.Single<PlanUpdatedData>();
        Assert.Equal(PlanAuthor.User, updated.By);
        Assert.Equal(expected, updated.Steps);
        Assert.Equal([(SessionStatus.WaitingForInput, SessionStatus.Processing, (Guid?)runId)], session.StatusChanges());
        Assert.All(session.NewEvents, e => Assert.Equal(runId, e.RunId));
        Assert.Null(session.AwaitedInput);
        Assert.Equal((SessionStatus.Processing, (DateTimeOffset?)T0.AddSeconds(2)), (run.Status, run.NeedsJobSince));
        Assert.Equal("", run.PendingInput);
    }

    [Fact]
    public void Approving_is_refused_when_no_review_waits_and_an_empty_plan_is_refused()
    {
        var (processing, runId) = Processing();
        processing.CreatePlan(runId, ["A"], T0);
        var (asking, askingRun) = Processing();
        asking.CreatePlan(askingRun, ["A"], T0);
        asking.RequestInput(askingRun, "q", T0);
        var (reviewing, _) = Reviewing();
        reviewing.ClearNewEvents();

        Assert.Throws<NothingPendingException>(() => processing.ApprovePlan(["B"], T0));
        Assert.Throws<NothingPendingException>(() => asking.ApprovePlan(["B"], T0));
        Assert.Equal("steps", Assert.Throws<DomainValidationException>(() => reviewing.ApprovePlan([], T0)).Field);
        Assert.Equal(["Plan A", "Plan B"], reviewing.Plan.Select(s => s.Title));
        Assert.Equal(PendingInputKind.Plan, reviewing.AwaitedInput!.Kind);
        Assert.Empty(reviewing.NewEvents);
    }

    [Fact]
    public void Approving_is_refused_once_the_reviewed_run_is_no_longer_the_plans_run()
    {
        var session = NewSession();
        var first = session.Runs[0].Id;
        var later = session.AddFollowUp("later", MultitaskStrategy.Enqueue, T0);
        session.StartRun(first, "m", T0);
        session.CreatePlan(first, ["A"], T0);
        session.RequestPlanReview(first, T0);
        session.StartRun(later.Id, "m", T0);
        session.CreatePlan(later.Id, ["B"], T0);

        Assert.Throws<NothingPendingException>(() => session.ApprovePlan(["C"], T0));
        Assert.Equal(["B"], session.Plan.Select(s => s.Title));
    }
}
