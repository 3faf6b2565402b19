using System.Text.Json;
using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// The steps a run executes after planning. Without <c>ReviewPlan</c>: the planner's. With it: the run waits
/// (pendingInput kind plan, requested with the plan in one transaction) until the user approves the plan, as is or
/// edited; the approved steps and the user's note are then checkpointed once, so every later delivery of the job
/// executes exactly that plan, and the model is told what was approved.
/// </summary>
public sealed class PlanReviewer(TimeProvider clock)
{
    /// <returns>The steps to execute, or null while the run waits for the review.</returns>
    public async Task<IReadOnlyList<PlanStep>?> ApprovedStepsAsync(RunContext run, int planStep, IReadOnlyList<string> planned, List<ChatMessage> messages)
    {
        if (!run.Profile.ReviewPlan)
        {
            return Numbered(planned);
        }

        var recorded = run.Recorded(planStep, RunCheckpoint.PlanReview);
        if (recorded is null)
        {
            if (run.Run.PendingInput is null)
            {
                // Not reviewed yet (a run planned before ReviewPlan was set, or a replay): wait for it.
                if (run.Run.Status == SessionStatus.Processing)
                {
                    await run.SaveAsync(s => s.RequestPlanReview(run.RunId, clock.GetUtcNow()));
                }

                return null;
            }

            var review = new ReviewedPlan([.. run.Session.Plan.Select(s => s.Title)], run.Run.PendingInput is { Length: > 0 } note ? note : null);
            recorded = RunCheckpoint.ForPlanReview(run.RunId, planStep, JsonSerializer.Serialize(review, JsonDefaults.Options), clock.GetUtcNow());
            run.Remember(recorded);
            var checkpoint = recorded;
            await run.SaveAsync(s =>
            {
                run.Db.RunCheckpoints.Add(checkpoint);
                s.GetRun(run.RunId).TakePendingInput();
            });
        }

        var approved = JsonSerializer.Deserialize<ReviewedPlan>(recorded.Payload, JsonDefaults.Options)!;
        messages.Add(EnginePrompts.ApprovedPlan(approved.Steps, approved.Note)
            .WithId(MemoryMessageIds.Instruction(run.RunId, planStep, EngineMessageKind.Plan + "_review")));
        return Numbered(approved.Steps);
    }

    private static List<PlanStep> Numbered(IReadOnlyList<string> titles) =>
        [.. titles.Select((title, i) => new PlanStep(i + 1, title, PlanStepStatus.NotStarted))];

    /// <summary>The plan as the user approved it, and what they added in words (a follow-up message), if anything.</summary>
    private sealed record ReviewedPlan(IReadOnlyList<string> Steps, string? Note);
}
