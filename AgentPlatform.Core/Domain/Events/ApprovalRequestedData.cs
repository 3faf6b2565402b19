using System.Text.Json;

namespace AgentPlatform.Core.Domain.Events;

/// <summary><c>approval.requested</c>: a tool call waits for a person's decision before it runs.</summary>
public sealed record ApprovalRequestedData(int Step, string CallId, string Tool, JsonElement Arguments, string? Reason) : IEventData;
