using System.Text.Json;

namespace AgentPlatform.Core.Domain;

/// <summary>
/// An MCP server's request for input during tool call <see cref="CallId"/> of run <see cref="RunId"/>, while the call is
/// still in flight in the Worker: the server's message and the JSON schema the answer must match. <see cref="Answer"/>
/// is recorded by the Api and taken by the Worker that waits; only the latest request is kept.
/// </summary>
public sealed record Elicitation(
    Guid RunId, Guid Id, int Step, string CallId, string Tool, string Message, JsonElement Schema,
    DateTimeOffset RequestedAt, DateTimeOffset ExpiresAt, ElicitationAnswer? Answer = null);

/// <summary>The answer to an <see cref="Elicitation"/>: content only with accept.</summary>
public sealed record ElicitationAnswer(ElicitationAction Action, JsonElement? Content, DateTimeOffset AnsweredAt);
