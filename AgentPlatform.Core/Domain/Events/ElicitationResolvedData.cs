using System.Text.Json;

namespace AgentPlatform.Core.Domain.Events;

/// <summary>
/// <c>elicitation.resolved</c>: how an MCP server's request for input ended. <see cref="Reason"/> is <c>user</c> (the
/// user answered: <see cref="Action"/> and, with accept, <see cref="Content"/>), <c>timeout</c>, <c>stopped</c> (the run
/// ended while it waited) or <c>worker_lost</c> (the Worker that waited died: the call is not repeated).
/// </summary>
public sealed record ElicitationResolvedData(string CallId, Guid ElicitationId, ElicitationAction Action, JsonElement? Content, string Reason) : IEventData;
