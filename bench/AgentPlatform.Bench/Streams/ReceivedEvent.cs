namespace AgentPlatform.Bench.Streams;

/// <summary>The two fields of a hub <c>Event</c> the subscribers read (the rest of the envelope is skipped).</summary>
public sealed record ReceivedEvent(long? Seq, Guid? SessionId);
