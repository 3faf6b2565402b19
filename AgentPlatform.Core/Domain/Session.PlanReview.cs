using AgentPlatform.Core.Domain.Events;

namespace AgentPlatform.Core.Domain;

/// <summary>Plan review: a run whose profile reviews plans waits after planning until the user approves the plan.</summary>
public sealed partial class Session
{
    /// <summary>The run waits for the user to review its plan (pendingInput kind plan).</summary>
    public void RequestPlanReview(Guid runId, DateTimeOffset now)
    {
        var run = GetRun(runId);
        if (PlanRunId != run.Id)
        {
            throw new InvalidOperationException($"Run {runId} has no plan to review on session {Id}.");
        }

        if (run.Status == SessionStatus.Processing)
        {
            run.MoveTo(SessionStatus.WaitingForInput, now);
        }

        Await(new PendingInput(PendingInputKind.Plan));
        SetStatus(run.Status, runId, now);
    }

    /// <summary>
    /// The user's plan, approved: it replaces the planner's (plan.updated by user) and the run goes back to processing
    /// to execute exactly these steps.
    /// </summary>
    /// <exception cref="NothingPendingException">The session does not wait for a plan review (409).</exception>
    public Run ApprovePlan(IReadOnlyList<string> titles, DateTimeOffset now)
    {
        var run = ActiveRun;
        if (run is not { Status: SessionStatus.WaitingForInput } || AwaitedInput?.Kind != PendingInputKind.Plan || PlanRunId != run.Id)
        {
            throw new NothingPendingException($"Session {Id} is not waiting for a plan review.");
        }

        if (titles.Count == 0)
        {
            throw new DomainValidationException("steps", "A plan needs at least one step.");
        }

        var steps = titles.Select((t, i) => new PlanStep(i + 1, t, PlanStepStatus.NotStarted)).ToList();
        PlanJson = PlanStorage.Write(steps);
        Raise(run.Id, new PlanUpdatedData(steps, PlanAuthor.User), now);
        Await(null);
        run.MoveTo(SessionStatus.Processing, now);
        // The review is answered: the engine finds it here, as it finds the answer to a question.
        run.ProvideInput("");
        run.AwaitJob(now);
        SetStatus(SessionStatus.Processing, run.Id, now);
        return run;
    }
}
