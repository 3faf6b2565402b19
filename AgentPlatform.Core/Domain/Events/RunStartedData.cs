namespace AgentPlatform.Core.Domain.Events;

public sealed record RunStartedData(int RunNumber, string Model) : IEventData;
