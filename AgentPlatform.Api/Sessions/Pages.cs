using AgentPlatform.Core.Events;

namespace AgentPlatform.Api.Sessions;

/// <summary>A page of durable events (the same envelope the streams send) and the seq to ask after next.</summary>
public sealed record EventPage(IReadOnlyList<EventEnvelope> Items, long NextAfter);

/// <summary>A page of sessions and the opaque cursor of the next one.</summary>
public sealed record SessionPage(IReadOnlyList<SessionDto> Items, string? NextCursor);
