using AgentPlatform.Worker.Agents.Approvals;
using AgentPlatform.Worker.Agents.Elicitation;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Runs one tool call of a run and records it: the call (tool.called) before it runs, its result (tool.result) after,
/// each in the run's checkpoints. A call whose result is already recorded is not run again: the recorded result is
/// returned. ask_human and terminate are acted on here rather than run.
/// </summary>
public sealed class ToolRunner(
    ToolRegistry registry, IChatClient chat, TokenCounter tokens, IOptions<EngineOptions> options, InputSignals signals,
    RunCancellations cancellations, IOptions<McpOptions> mcp, TimeProvider clock)
{
    public async Task<ToolStepResult> RunAsync(RunContext run, int step, RecordedCall call, IReadOnlySet<string> offered, CancellationToken ct)
    {
        var checkpoint = run.Recorded(step, call.CallId);
        if (checkpoint?.Result is { } recorded)
        {
            return call.Name == ToolNames.Terminate ? Terminate(call) : new ToolStepResult.Output(recorded, checkpoint.IsError);
        }

        var isNew = checkpoint is null;
        checkpoint ??= RunCheckpoint.ForToolCall(run.RunId, step, call.CallId, call.Name, call.ArgumentsJson ?? "{}", clock.GetUtcNow());
        run.Remember(checkpoint);
        if (call.Name == ToolNames.AskHuman && run.Run.PendingInput is null)
        {
            var question = Argument(call, "question") ?? "Could you tell me more about what you need?";
            await run.SaveAsync(s =>
            {
                Record(run, s, step, call, checkpoint, isNew);
                s.RequestInput(run.RunId, question, clock.GetUtcNow());
            });
            return new ToolStepResult.Paused();
        }

        // A tool the Worker runs is marked started, committed before it runs: a later delivery that finds the mark but no
        // result knows the call was cut off, and does not make it a second time.
        // A denied call is not run, so not marked either.
        var runsTool = call.Name is not (ToolNames.AskHuman or ToolNames.Terminate);
        var denial = runsTool ? ApprovalDecisions.Denial(run, call) : null;
        var cutOff = runsTool && denial is null && !isNew && run.Started(step, call.CallId);
        var starts = runsTool && denial is null && !cutOff;
        if ((isNew && call.Name != ToolNames.AskHuman) || starts)
        {
            var started = starts ? RunCheckpoint.ForToolStarted(run.RunId, step, call.CallId, call.Name, clock.GetUtcNow()) : null;
            await run.SaveAsync(s =>
            {
                if (isNew)
                {
                    Record(run, s, step, call, checkpoint, isNew: true);
                }

                if (started is not null)
                {
                    run.Db.RunCheckpoints.Add(started);
                }
            });
            if (started is not null)
            {
                run.Remember(started);
            }

            isNew = false;
        }

        ToolStepResult result;
        string text;
        var isError = false;
        if (call.Name == ToolNames.AskHuman)
        {
            text = run.Run.PendingInput!;
            result = new ToolStepResult.Output(text, false);
        }
        else if (call.Name == ToolNames.Terminate)
        {
            var terminated = Terminate(call);
            text = $"The run ends ({(terminated.Success ? TerminateTool.Success : TerminateTool.Failure)}).";
            result = terminated;
        }
        else if (denial is not null)
        {
            // Denied by the person who had to approve it: not run; the model is told why and carries on.
            (text, isError) = (denial, true);
            result = new ToolStepResult.Output(text, isError);
        }
        else if (cutOff)
        {
            (text, isError) = (CutOff(call.Name), true);
            result = new ToolStepResult.Output(text, isError);
        }
        else
        {
            (text, isError) = await ExecuteAsync(run, step, ApprovalDecisions.Approved(run, call), offered, ct);
            text = ApprovalDecisions.Annotate(run, call, text);
            result = new ToolStepResult.Output(text, isError);
        }

        checkpoint.Complete(text, isError, clock.GetUtcNow());
        await run.SaveAsync(s =>
        {
            Record(run, s, step, call, checkpoint, isNew);
            if (call.Name == ToolNames.AskHuman)
            {
                s.GetRun(run.RunId).TakePendingInput();
            }

            s.RecordToolResult(run.RunId, step, call.CallId, call.Name, text, isError, clock.GetUtcNow());
        });
        return result;
    }

    private async Task<(string Text, bool IsError)> ExecuteAsync(RunContext run, int step, RecordedCall call, IReadOnlySet<string> offered, CancellationToken ct)
    {
        if (!offered.Contains(call.Name))
        {
            return ($"Error: the tool '{call.Name}' is not available to you now. Do not call it; work with the tools you were given.", true);
        }

        if (call.ArgumentsJson is null)
        {
            return ("Error: the arguments were not a valid JSON object. Call the tool again with valid JSON arguments.", true);
        }

        try
        {
            var context = new ToolContext(run.Session.Id, new RunSampler(chat, run, tokens, options.Value, clock),
                new RunElicitor(run, step, call.CallId, call.Name, signals, cancellations, mcp.Value, clock, ct));
            return (await registry.InvokeAsync(call.Name, context, call.Arguments(), ct), false);
        }
        catch (ToolException ex)
        {
            return ($"Error: {ex.Message}", true);
        }
        catch (BrokenCircuitException)
        {
            return ($"Error: {call.Name} is failing and has been switched off for now. Do not call it again; work without it.", true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The breaker has counted the failure; the model learns the tool failed and may try another way.
            return ($"Error: {call.Name} failed: {ex.Message}", true);
        }
    }

    /// <summary>What the model is told for a call a previous delivery started and never recorded the result of.</summary>
    public static string CutOff(string tool) =>
        $"Error: this call to {tool} was cut off (the Worker running it stopped before it returned) and has not been repeated. " +
        "It may or may not have taken effect: check before calling it again.";

    /// <summary>Adds the checkpoint (new, or now with its result) and raises tool.called for a new call.</summary>
    private static void Record(RunContext run, Session session, int step, RecordedCall call, RunCheckpoint checkpoint, bool isNew)
    {
        if (isNew)
        {
            run.Db.RunCheckpoints.Add(checkpoint);
            session.RecordToolCall(run.RunId, step, call.CallId, call.Name, call.ArgumentsJson ?? "{}", checkpoint.CreatedAt);
        }
        else
        {
            run.Db.RunCheckpoints.Update(checkpoint);
        }
    }

    private static ToolStepResult.Terminated Terminate(RecordedCall call) =>
        new(!string.Equals(Argument(call, "status"), TerminateTool.Failure, StringComparison.OrdinalIgnoreCase), Argument(call, "message"));

    /// <remarks>
    /// <see cref="RecordedCall.ArgumentsJson"/> is null or a serialized object (see <see cref="RecordedResponse.From"/>),
    /// so reading it cannot fail.
    /// </remarks>
    private static string? Argument(RecordedCall call, string name) =>
        call.Arguments().TryGetValue(name, out var value) ? value?.ToString() : null;
}
