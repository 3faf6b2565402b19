using System.Text.Json;

namespace AgentPlatform.Core.Domain;

/// <summary>A tool call the engine holds until a person decides on it; <see cref="Schema"/> is the tool's argument schema.</summary>
public sealed record ApprovalRequest(int Step, string CallId, string Tool, JsonElement Arguments, JsonElement? Schema, string Reason);
