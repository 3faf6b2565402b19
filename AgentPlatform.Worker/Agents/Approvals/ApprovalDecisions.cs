namespace AgentPlatform.Worker.Agents.Approvals;

/// <summary>How a person's decision on a held call changes the call: denied (not run), or run with edited arguments.</summary>
public static class ApprovalDecisions
{
    /// <summary>The result the model gets for a denied call, or null when the call was not denied.</summary>
    public static string? Denial(RunContext run, RecordedCall call) =>
        run.Session.ApprovalFor(run.RunId, call.CallId) is { Decision: ApprovalDecision.Deny } denied
            ? $"The user denied this call of {call.Name}" + (string.IsNullOrWhiteSpace(denied.Reason) ? "" : $": {denied.Reason}") +
              ". It did not run. Do not call it again for the same purpose; carry on without it or choose another way."
            : null;

    /// <summary>The call as approved: with the person's edited arguments when there are any.</summary>
    public static RecordedCall Approved(RunContext run, RecordedCall call) =>
        run.Session.ApprovalFor(run.RunId, call.CallId) is { Decision: ApprovalDecision.Approve, EditedArguments: { } edited }
            ? call with { ArgumentsJson = edited.GetRawText() }
            : call;

    /// <summary>Tells the model when the call ran with arguments other than its own.</summary>
    public static string Annotate(RunContext run, RecordedCall call, string result) =>
        run.Session.ApprovalFor(run.RunId, call.CallId) is { Decision: ApprovalDecision.Approve, EditedArguments: { } edited }
            ? $"(The user edited the arguments before approving; the call ran with {edited.GetRawText()}.)\n{result}"
            : result;
}
