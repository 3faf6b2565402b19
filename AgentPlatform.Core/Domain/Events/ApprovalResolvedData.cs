using System.Text.Json;

namespace AgentPlatform.Core.Domain.Events;

/// <summary>
/// <c>approval.resolved</c>: <see cref="Decision"/> is approve or deny; <see cref="Arguments"/> the edited arguments the
/// call runs with (null: as the model wrote them); <see cref="Reason"/> the person's (or <c>timeout</c>).
/// </summary>
public sealed record ApprovalResolvedData(string CallId, ApprovalDecision Decision, JsonElement? Arguments, string? Reason) : IEventData;
