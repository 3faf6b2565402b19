namespace AgentPlatform.Core.Domain.Events;

/// <summary>The agent asked the user a question; the run waits for the answer.</summary>
public sealed record InputRequestedData(string Question) : IEventData;
