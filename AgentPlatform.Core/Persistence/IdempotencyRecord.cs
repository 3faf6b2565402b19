namespace AgentPlatform.Core.Persistence;

/// <summary>
/// The first answer to a create request that carried an <c>Idempotency-Key</c>: a retry with the same key and body
/// gets it back; the same key with another body is refused.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord() { }

    public IdempotencyRecord(string ownerId, string key, string requestHash, Guid sessionId, string responseJson, DateTimeOffset createdAt)
    {
        OwnerId = ownerId;
        Key = key;
        RequestHash = requestHash;
        SessionId = sessionId;
        ResponseJson = responseJson;
        CreatedAt = createdAt;
    }

    public string OwnerId { get; private set; } = "";
    public string Key { get; private set; } = "";
    public string RequestHash { get; private set; } = "";
    public Guid SessionId { get; private set; }
    public string ResponseJson { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}
