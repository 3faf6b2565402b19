using System.Text.Json;
using AgentPlatform.Core.Domain.Events;

namespace AgentPlatform.Core.Domain;

/// <summary>What the session waits for from the user, and the tool calls held for a person's approval.</summary>
public sealed partial class Session
{
    /// <summary><see cref="AwaitedInput"/> as JSON (stored as is).</summary>
    public string? PendingInputJson { get; private set; }

    /// <summary><see cref="Approvals"/> as JSON: the held calls of the latest run that asked for approval.</summary>
    public string? ApprovalsJson { get; private set; }

    /// <summary>What the user must do now (the contract's pendingInput); null when nothing is pending.</summary>
    public PendingInput? AwaitedInput =>
        PendingInputJson is null ? null : JsonSerializer.Deserialize<PendingInput>(PendingInputJson, JsonDefaults.Options);

    public IReadOnlyList<ToolApproval> Approvals =>
        ApprovalsJson is null ? [] : JsonSerializer.Deserialize<List<ToolApproval>>(ApprovalsJson, JsonDefaults.Options) ?? [];

    /// <summary>The undecided calls of the run that waits for approvals, in the order the model made them.</summary>
    /// <remarks>Read without the runs (lists load sessions alone): only the latest asking run's approvals are kept, and a run
    /// that ends clears <see cref="AwaitedInput"/>.</remarks>
    public IReadOnlyList<ToolApproval> PendingApprovals =>
        AwaitedInput?.Kind == PendingInputKind.Approval ? [.. Approvals.Where(a => !a.IsDecided)] : [];

    public ToolApproval? ApprovalFor(Guid runId, string callId) => Approvals.FirstOrDefault(a => a.RunId == runId && a.CallId == callId);

    /// <summary>
    /// Holds tool calls of one model turn for approval (approval.requested each, checkpointed with them by the caller);
    /// the run waits until every one is decided. Calls already held are not held again.
    /// </summary>
    public void RequestApprovals(Guid runId, IReadOnlyList<ApprovalRequest> requests, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var run = GetRun(runId);
        // Only the latest run's approvals are kept: an earlier run's are over, with their events in the log.
        var approvals = Approvals.Where(a => a.RunId == runId).ToList();
        foreach (var request in requests.Where(r => approvals.All(a => a.CallId != r.CallId)))
        {
            approvals.Add(new ToolApproval(runId, request.Step, request.CallId, request.Tool, request.Arguments, request.Schema, now, expiresAt));
            Raise(runId, new ApprovalRequestedData(request.Step, request.CallId, request.Tool, request.Arguments, request.Reason), now);
        }

        ApprovalsJson = JsonSerializer.Serialize(approvals, JsonDefaults.Options);
        if (run.Status == SessionStatus.Processing)
        {
            run.MoveTo(SessionStatus.WaitingForInput, now);
        }

        Await(NextApproval(runId));
        SetStatus(run.Status, runId, now);
    }

    /// <summary>
    /// A person's decision on a held call (approval.resolved). When it was the last undecided call of the run, the run
    /// goes back to processing and this returns true: the caller enqueues it.
    /// </summary>
    /// <exception cref="UnknownApprovalException">No such call was held (404).</exception>
    /// <exception cref="NothingPendingException">Already decided, or the run no longer waits (409).</exception>
    public bool ResolveApproval(string callId, ApprovalDecision decision, JsonElement? arguments, string? reason, DateTimeOffset now)
    {
        var approvals = Approvals.ToList();
        var i = approvals.FindIndex(a => a.CallId == callId);
        if (i < 0)
        {
            throw new UnknownApprovalException(Id, callId);
        }

        var run = GetRun(approvals[i].RunId);
        if (approvals[i].IsDecided)
        {
            throw new NothingPendingException($"Tool call {callId} was already decided ({JsonDefaults.Wire(approvals[i].Decision!.Value)}).");
        }

        if (run.Status != SessionStatus.WaitingForInput || ActiveRun != run)
        {
            throw new NothingPendingException($"Tool call {callId} no longer waits for a decision: its run is {JsonDefaults.Wire(run.Status)}.");
        }

        var edited = decision == ApprovalDecision.Approve ? arguments : null;
        approvals[i] = approvals[i] with { Decision = decision, EditedArguments = edited, Reason = reason, DecidedAt = now };
        ApprovalsJson = JsonSerializer.Serialize(approvals, JsonDefaults.Options);
        Raise(run.Id, new ApprovalResolvedData(callId, decision, edited, reason), now);
        var next = NextApproval(run.Id);
        Await(next);
        if (next is not null)
        {
            Touch(now);
            return false;
        }

        run.MoveTo(SessionStatus.Processing, now);
        run.AwaitJob(now);
        SetStatus(SessionStatus.Processing, run.Id, now);
        return true;
    }

    private PendingInput? NextApproval(Guid runId) =>
        Approvals.FirstOrDefault(a => a.RunId == runId && !a.IsDecided) is { } a
            ? new PendingInput(PendingInputKind.Approval, a.CallId, a.Tool, a.Arguments, ExpiresAt: a.ExpiresAt)
            : null;

    private void Await(PendingInput? input) =>
        PendingInputJson = input is null ? null : JsonSerializer.Serialize(input, JsonDefaults.Options);
}
