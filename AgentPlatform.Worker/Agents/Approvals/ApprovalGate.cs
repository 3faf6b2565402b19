using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Agents.Approvals;

/// <summary>
/// Holds the tool calls of a model turn that the profile's <c>RequireApproval</c> names: each is checkpointed as
/// requested (tool.called) and listed (approval.requested) in one transaction, and the run waits until every one is
/// decided; none of the turn's calls runs before that, so the calls still run in the order the model made them.
/// </summary>
public sealed class ApprovalGate(IOptions<ApprovalOptions> options, TimeProvider clock)
{
    /// <returns>True when the run must wait for decisions.</returns>
    public async Task<bool> HoldAsync(RunContext run, int step, IReadOnlyList<RecordedCall> calls, IReadOnlyList<AITool> offered)
    {
        var schemas = offered.OfType<AIFunctionDeclaration>().ToDictionary(t => t.Name, t => t.JsonSchema, StringComparer.Ordinal);
        var held = calls.Where(c => Needs(run, step, c, schemas)).ToList();
        if (held.Count == 0)
        {
            return false;
        }

        var fresh = held.Where(c => run.Session.ApprovalFor(run.RunId, c.CallId) is null).ToList();
        if (fresh.Count == 0)
        {
            return held.Any(c => !run.Session.ApprovalFor(run.RunId, c.CallId)!.IsDecided);
        }

        var now = clock.GetUtcNow();
        var checkpoints = fresh.Where(c => run.Recorded(step, c.CallId) is null)
            .Select(c => RunCheckpoint.ForToolCall(run.RunId, step, c.CallId, c.Name, c.ArgumentsJson!, now)).ToList();
        checkpoints.ForEach(run.Remember);
        var requests = fresh.Select(c => new ApprovalRequest(step, c.CallId, c.Name, Parse(c.ArgumentsJson!), schemas[c.Name],
            $"The {JsonDefaults.Wire(run.Session.TaskType)} profile requires approval for {c.Name}.")).ToList();
        await run.SaveAsync(s =>
        {
            foreach (var checkpoint in checkpoints)
            {
                run.Db.RunCheckpoints.Add(checkpoint);
                s.RecordToolCall(run.RunId, step, checkpoint.CallId, checkpoint.Name!, checkpoint.Payload, now);
            }

            s.RequestApprovals(run.RunId, requests, now + options.Value.Timeout, now);
        });
        return true;
    }

    /// <summary>A call to a held tool that can run (offered, valid arguments) and has no result yet.</summary>
    private static bool Needs(RunContext run, int step, RecordedCall call, Dictionary<string, JsonElement> offered) =>
        call.Name != ToolNames.AskHuman && run.Profile.RequiresApproval(call.Name) && offered.ContainsKey(call.Name)
        && call.ArgumentsJson is not null && run.Recorded(step, call.CallId)?.Result is null;

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
