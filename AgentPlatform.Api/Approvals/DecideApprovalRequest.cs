using System.Text.Json;

namespace AgentPlatform.Api.Approvals;

/// <summary>Body of <c>POST /api/v1/sessions/{id}/approvals/{callId}</c>.</summary>
/// <param name="Decision">approve or deny.</param>
/// <param name="Arguments">With approve: the arguments the call runs with instead of the model's (a JSON object, checked against the tool's schema).</param>
/// <param name="Reason">Why, in words (at most 2,000 characters); a denied call's result tells the model.</param>
public sealed record DecideApprovalRequest(ApprovalDecision? Decision, JsonElement? Arguments, string? Reason)
{
    public const int MaxReasonLength = 2000;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Decision is null)
        {
            errors["decision"] = ["A decision is required: approve or deny."];
        }

        if (Arguments is { ValueKind: not JsonValueKind.Null } && Decision == ApprovalDecision.Deny)
        {
            errors["arguments"] = ["Only an approval takes arguments: a denied call does not run."];
        }

        if (Reason is { Length: > MaxReasonLength })
        {
            errors["reason"] = [$"The reason may have at most {MaxReasonLength} characters."];
        }

        return errors;
    }

    /// <summary>The edited arguments, or null when the call runs with the model's.</summary>
    public JsonElement? EditedArguments => Arguments is { ValueKind: not JsonValueKind.Null } a ? a : null;
}
