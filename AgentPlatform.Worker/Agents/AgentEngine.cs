using AgentPlatform.Core.Agents;
using AgentPlatform.Worker.Agents.Planning;
using AgentPlatform.Worker.Agents.Approvals;
using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Plan-and-execute: for a profile with planning, a planning call makes the plan (plan.created), each step runs the tool
/// loop (plan.step_updated), and a final call writes the result; without planning the tool loop answers directly. A step
/// on which the agent is stuck is blocked, and the planner revises the steps after it (plan.updated), at most once per
/// step and <see cref="EngineOptions.MaxReplans"/> times per run; past that, being stuck ends the run.
/// Every model call and tool result is checkpointed as it happens, so a job delivered again replays what is recorded
/// and carries on from there (after ask_human, with the user's answer as the tool's result).
/// </summary>
public sealed class AgentEngine(
    AgentDbContext db, ModelCaller model, Planner planner, ToolRunner toolRunner, ToolRegistry registry, SessionMemory memory,
    ApprovalGate approvals, PlanReviewer planReview, IOptions<AgentProfiles> profiles, IOptions<EngineOptions> options, TimeProvider clock,
    ILogger<AgentEngine> logger)
{
    private readonly EngineOptions _options = options.Value;

    /// <summary>Why the tool loop last ended stuck (null when it did not): the step it was on is blocked.</summary>
    private string? _stuck;

    public async Task<RunOutcome> RunAsync(Session session, Guid runId, CancellationToken ct)
    {
        var profile = profiles.Value.For(session.TaskType);
        var checkpoints = await db.RunCheckpoints.AsNoTracking().Where(c => c.RunId == runId).ToListAsync(ct);
        var run = new RunContext(db, session, runId, profile, checkpoints, new StuckDetector(_options.StuckRepeats));
        var messages = Conversation.For(session, session.GetRun(runId), $"{profile.SystemPrompt}\n\n{EnginePrompts.Rules}");
        await memory.NormalizePromptAsync(run, messages);
        RunOutcome outcome;
        try
        {
            outcome = profile.Planning ? await PlanAndExecuteAsync(run, messages, ct) : await AnswerAsync(run, messages, ct);
        }
        catch (RunEndedException ended)
        {
            outcome = ended.Outcome;
        }
        catch (Exception) when (run.HasStaged)
        {
            // A stop or a failure right after a model call that asked for tools: the call is recorded all the same.
            await run.FlushAsync();
            throw;
        }

        await run.FlushAsync();

        if (outcome is not RunOutcome.WaitingForInput)
        {
            await memory.RememberAsync(run, messages, outcome switch
            {
                RunOutcome.Completed c => c.Result,
                RunOutcome.Incomplete i => i.PartialResult,
                _ => null,
            });
        }

        return outcome;
    }

    private async Task<RunOutcome> AnswerAsync(RunContext run, List<ChatMessage> messages, CancellationToken ct) =>
        await LoopAsync(run, messages, planStep: null, ct) is { } ended ? ended : new RunOutcome.Completed(run.LastText ?? "");

    private async Task<RunOutcome> PlanAndExecuteAsync(RunContext run, List<ChatMessage> messages, CancellationToken ct)
    {
        var planned = await planner.PlanAsync(run, messages, ct);
        var approved = await planReview.ApprovedStepsAsync(run, run.ModelCalls, planned, messages);
        if (approved is null)
        {
            return new RunOutcome.WaitingForInput();
        }

        List<PlanStep> steps = [.. approved];
        var replans = 0;
        // A step that ended with another one after it is marked completed in the next one's start: one transaction
        // instead of two, and nothing runs between them.
        PlanStep? completed = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var previous = completed;
            completed = null;
            await run.SaveAsync(s =>
            {
                if (previous is not null)
                {
                    s.UpdatePlanStep(run.RunId, previous.Index, PlanStepStatus.Completed, clock.GetUtcNow());
                }

                s.UpdatePlanStep(run.RunId, step.Index, PlanStepStatus.InProgress, clock.GetUtcNow());
            });
            messages.Add(EnginePrompts.Step(step, steps.Count).WithId(MemoryMessageIds.Instruction(run.RunId, run.ModelCalls, $"{EngineMessageKind.Step}{step.Index}")));
            _stuck = null;
            if (await LoopAsync(run, messages, step.Index, ct) is { } ended)
            {
                // Each step is revised after at most once: the steps a revision adds come after it, with indexes of their own.
                if (_stuck is { } why && replans < _options.MaxReplans)
                {
                    AgentLog.Replanning(logger, step.Index, why);
                    await run.SaveAsync(s => s.UpdatePlanStep(run.RunId, step.Index, PlanStepStatus.Blocked, clock.GetUtcNow()));
                    if (await planner.ReplanAsync(run, messages, step, why, ct) is { } revised)
                    {
                        replans++;
                        run.Stuck.Reset();
                        steps = [.. steps.Take(i + 1), .. revised];
                        continue;
                    }
                }

                if (ended is RunOutcome.Completed)
                {
                    await run.SaveAsync(s => s.UpdatePlanStep(run.RunId, step.Index, PlanStepStatus.Completed, clock.GetUtcNow()));
                }

                return ended;
            }

            if (i < steps.Count - 1)
            {
                completed = step;
            }
            else
            {
                await run.SaveAsync(s => s.UpdatePlanStep(run.RunId, step.Index, PlanStepStatus.Completed, clock.GetUtcNow()));
            }
        }

        messages.Add(EnginePrompts.Final().WithId(MemoryMessageIds.Instruction(run.RunId, run.ModelCalls, EngineMessageKind.Final)));
        var final = await model.CallAsync(run, messages, [], null, null, ct);
        return new RunOutcome.Completed(final.Text.Length > 0 ? final.Text : run.LastText ?? "");
    }

    /// <summary>
    /// The tool loop: call the model with the tools on offer, run the tools it asks for, until it answers without a
    /// tool call. Returns null when it answered (<see cref="RunContext.LastText"/>), or how the run ends.
    /// </summary>
    private async Task<RunOutcome?> LoopAsync(RunContext run, List<ChatMessage> messages, int? planStep, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (run.AgentSteps >= run.Session.MaxSteps)
            {
                return new RunOutcome.Incomplete(StopReason.MaxSteps, run.LastText, $"The run used all {run.Session.MaxSteps} of its steps.");
            }

            run.AgentSteps++;
            var (tools, offered, note) = Offer(run);
            var response = await model.CallAsync(run, messages, tools, note, (s, r) =>
            {
                if (r.Text.Length > 0 && (r.Calls.Count > 0 || planStep is not null))
                {
                    s.RecordThinking(run.RunId, r.Text, planStep, clock.GetUtcNow());
                }
            }, ct);
            var step = run.ModelCalls;
            messages.Add(response.ToMessage().WithId(MemoryMessageIds.Model(run.RunId, step)));
            if (response.Text.Length > 0)
            {
                run.LastText = response.Text;
            }

            if (response.Calls.Count == 0)
            {
                switch (run.Stuck.OnAnswer(response.Text))
                {
                    case StuckDetector.Verdict.Stuck:
                        return Stuck(run, $"gave the same answer more than {_options.StuckRepeats} times");
                    case StuckDetector.Verdict.Nudge:
                        messages.Add(EnginePrompts.Nudge("given the same answer", _options.StuckRepeats)
                            .WithId(MemoryMessageIds.Instruction(run.RunId, step, EngineMessageKind.Nudge)));
                        continue;
                    default:
                        return null;
                }
            }

            if (await approvals.HoldAsync(run, step, response.Calls, tools))
            {
                return new RunOutcome.WaitingForInput();
            }

            var nudge = false;
            foreach (var call in response.Calls)
            {
                var verdict = run.Stuck.OnToolCall(call);
                if (verdict == StuckDetector.Verdict.Stuck)
                {
                    return Stuck(run, $"called {call.Name} with the same arguments more than {_options.StuckRepeats} times");
                }

                nudge |= verdict == StuckDetector.Verdict.Nudge;
                switch (await toolRunner.RunAsync(run, step, call, offered, ct))
                {
                    case ToolStepResult.Paused:
                        return new RunOutcome.WaitingForInput();
                    case ToolStepResult.Terminated { Success: true } done:
                        return new RunOutcome.Completed(done.Message ?? run.LastText ?? "");
                    case ToolStepResult.Terminated failed:
                        return new RunOutcome.Failed(failed.Message ?? "The agent ended the task as failed.");
                    case ToolStepResult.Output output:
                        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, output.Text)])
                            .WithId(MemoryMessageIds.Tool(run.RunId, step, call.CallId)));
                        break;
                }
            }

            if (nudge)
            {
                messages.Add(EnginePrompts.Nudge("called the same tool with the same arguments", _options.StuckRepeats)
                    .WithId(MemoryMessageIds.Instruction(run.RunId, step, EngineMessageKind.Nudge)));
            }
        }
    }

    /// <summary>Stuck ends the run incomplete with max_steps, the closest contract reason: the loop limit, reached early.</summary>
    private RunOutcome.Incomplete Stuck(RunContext run, string what)
    {
        _stuck = $"the agent {what}";
        return new(StopReason.MaxSteps, run.LastText, $"The agent was stuck: it {what}, so the run was stopped.");
    }

    /// <summary>The profile's tools whose circuits let them be offered now, and a note naming those withheld.</summary>
    private (IReadOnlyList<AITool> Tools, IReadOnlySet<string> Names, string? Note) Offer(RunContext run)
    {
        var offer = registry.GetOffer(new ToolContext(run.Session.Id));
        // Names or <server>__* patterns: MCP tools come and go as their servers connect and change their lists.
        var wanted = run.Profile.Tools;
        var tools = offer.Tools.Where(t => ToolPatterns.MatchesAny(wanted, t.Name)).ToList();
        var withheld = offer.Withheld.Where(n => ToolPatterns.MatchesAny(wanted, n)).ToList();
        var note = withheld.Count == 0 ? null
            : $"These tools are unavailable at the moment and are not offered: {string.Join(", ", withheld)}. Work without them.";
        return (tools, tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal), note);
    }
}
