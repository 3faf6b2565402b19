using System.Text.Json;

namespace AgentPlatform.Core.Domain;

/// <summary>
/// One tool call of a run held for a person's decision, kept on the session until the run ends (a late or second
/// decision is then told apart from an unknown call). <see cref="Schema"/> is the tool's argument schema as the model
/// was offered it, so the Api validates edited arguments without asking a Worker.
/// </summary>
public sealed record ToolApproval(
    Guid RunId,
    int Step,
    string CallId,
    string Tool,
    JsonElement Arguments,
    JsonElement? Schema,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    ApprovalDecision? Decision = null,
    JsonElement? EditedArguments = null,
    string? Reason = null,
    DateTimeOffset? DecidedAt = null)
{
    public bool IsDecided => Decision is not null;
}
