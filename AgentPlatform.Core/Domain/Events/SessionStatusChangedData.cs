namespace AgentPlatform.Core.Domain.Events;

public sealed record SessionStatusChangedData(SessionStatus From, SessionStatus To) : IEventData;
