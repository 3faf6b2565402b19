namespace AgentPlatform.Core.Domain.Events;

/// <param name="MultitaskStrategy">How a follow-up was queued; null for the session's first run.</param>
public sealed record RunQueuedData(int RunNumber, string Prompt, MultitaskStrategy? MultitaskStrategy) : IEventData;
