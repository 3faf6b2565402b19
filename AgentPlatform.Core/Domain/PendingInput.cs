using System.Text.Json;

namespace AgentPlatform.Core.Domain;

/// <summary>
/// What the session waits for (the contract's <c>pendingInput</c>): the question of ask_human, the first undecided
/// tool call of an approval, or the plan to review. Null on the session when nothing is pending. An MCP server's request
/// for input (elicitation) is a question with the <see cref="Schema"/> its answer must match, for call <see cref="CallId"/>.
/// </summary>
public sealed record PendingInput(
    PendingInputKind Kind, string? CallId = null, string? Tool = null, JsonElement? Arguments = null, string? Question = null,
    DateTimeOffset? ExpiresAt = null, JsonElement? Schema = null);
