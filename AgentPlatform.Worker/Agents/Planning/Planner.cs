using Microsoft.Extensions.Options;
using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Worker.Agents.Planning;

/// <summary>
/// The planning calls of a run: the plan (plan.created), and after a blocked step a revision of the steps after it
/// (plan.updated by the planner). Both ask for <see cref="PlanFormat"/> structured output and are recorded with the
/// change they make in one transaction; a replayed call makes the same plan from its recorded answer.
/// </summary>
public sealed class Planner(ModelCaller model, IOptions<EngineOptions> options, TimeProvider clock)
{
    private readonly EngineOptions _options = options.Value;

    /// <summary>The plan's step titles; a profile with <c>ReviewPlan</c> asks for the user's review in the same transaction.</summary>
    public async Task<IReadOnlyList<string>> PlanAsync(RunContext run, List<ChatMessage> messages, CancellationToken ct)
    {
        var max = _options.MaxPlanSteps;
        messages.Add(EnginePrompts.Plan(max, run.Profile.Tools).WithId(MemoryMessageIds.Instruction(run.RunId, 0, EngineMessageKind.Plan)));
        var planned = await model.CallAsync(run, messages, [], null, PlanFormat.For(max), (s, r) =>
        {
            s.CreatePlan(run.RunId, Titles(run, r.Text, max), clock.GetUtcNow());
            if (run.Profile.ReviewPlan)
            {
                s.RequestPlanReview(run.RunId, clock.GetUtcNow());
            }
        }, ct);
        messages.Add(planned.ToMessage().WithId(MemoryMessageIds.Model(run.RunId, run.ModelCalls)));
        return Titles(run, planned.Text, max);
    }

    /// <summary>
    /// Asks for new steps to follow <paramref name="blocked"/> (the steps up to it stay as they are), seeing what
    /// happened in the conversation and <paramref name="why"/>. Null when the plan has no room left for another step.
    /// </summary>
    public async Task<List<PlanStep>?> ReplanAsync(RunContext run, List<ChatMessage> messages, PlanStep blocked, string why, CancellationToken ct)
    {
        var room = _options.MaxPlanSteps - blocked.Index;
        if (room < 1)
        {
            return null;
        }

        messages.Add(EnginePrompts.Replan(blocked, why, room)
            .WithId(MemoryMessageIds.Instruction(run.RunId, run.ModelCalls, $"{EngineMessageKind.Replan}{blocked.Index}")));
        var revised = await model.CallAsync(run, messages, [], null, PlanFormat.For(room),
            (s, r) => s.ReviseRemainingPlan(run.RunId, blocked.Index, Titles(run, r.Text, room), PlanAuthor.Planner, clock.GetUtcNow()), ct);
        messages.Add(revised.ToMessage().WithId(MemoryMessageIds.Model(run.RunId, run.ModelCalls)));
        return Steps(Titles(run, revised.Text, room), first: blocked.Index + 1);
    }

    private static IReadOnlyList<string> Titles(RunContext run, string answer, int max) => PlanReader.Read(answer, run.Run.Prompt, max);

    private static List<PlanStep> Steps(IReadOnlyList<string> titles, int first) =>
        [.. titles.Select((title, i) => new PlanStep(first + i, title, PlanStepStatus.NotStarted))];
}
