namespace AgentPlatform.Api.Streams;

/// <summary>What a subscriber asks for.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="OwnerId">The caller (the JWT's sub): the log is read filtered to this owner.</param>
/// <param name="AfterSeq">Deliver durable events after this seq (0: from the start).</param>
/// <param name="UntilRunCompleted">End the stream after the first <c>run.completed</c> delivered.</param>
/// <param name="AccessExpiresAt">When the caller's token expires; the stream ends then.</param>
public sealed record StreamRequest(Guid SessionId, string OwnerId, long AfterSeq, bool UntilRunCompleted = false, DateTimeOffset? AccessExpiresAt = null);
