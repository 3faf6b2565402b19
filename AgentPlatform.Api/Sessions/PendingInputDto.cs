using System.Text.Json;

namespace AgentPlatform.Api.Sessions;

/// <summary>
/// What the user must do for the session to go on (null when nothing): answer a <c>question</c> (POST /messages), decide
/// a held tool call (<c>approval</c>: POST /approvals/{callId}; the first undecided one, all of them in pendingApprovals),
/// or review the <c>plan</c> (PUT /plan, or POST /messages to approve it as is). A <c>question</c> with a
/// <see cref="Schema"/> is an MCP server's request for input during tool call <see cref="CallId"/> of <see cref="Tool"/>:
/// POST /messages answers it with <c>content</c> matching the schema (or <c>action</c> decline / cancel).
/// </summary>
public sealed record PendingInputDto(
    PendingInputKind Kind, string? CallId, string? Tool, JsonElement? Arguments, string? Question, DateTimeOffset? ExpiresAt, JsonElement? Schema)
{
    public static PendingInputDto? From(PendingInput? input) =>
        input is null ? null : new(input.Kind, input.CallId, input.Tool, input.Arguments, input.Question, input.ExpiresAt, input.Schema);
}

/// <summary>A held tool call not decided yet: one per call of the model turn that needs approval.</summary>
public sealed record PendingApprovalDto(string CallId, string Tool, JsonElement Arguments, int Step, DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt)
{
    public static PendingApprovalDto From(ToolApproval a) => new(a.CallId, a.Tool, a.Arguments, a.Step, a.RequestedAt, a.ExpiresAt);
}
