using System.Text.Json;

namespace AgentPlatform.Core.Domain.Events;

/// <summary>
/// The agent asked the user a question, or an MCP server asked for input during a tool call (elicitation: then
/// <see cref="CallId"/>, <see cref="Tool"/>, <see cref="Schema"/> the answer must match and <see cref="ExpiresAt"/>).
/// The run waits for the answer.
/// </summary>
public sealed record InputRequestedData(
    string Question, string? CallId = null, string? Tool = null, JsonElement? Schema = null, DateTimeOffset? ExpiresAt = null) : IEventData;
