namespace AgentPlatform.Core.Domain;

/// <summary>
/// A durable event in a session's log. <see cref="Seq"/> starts at 1 and grows by exactly 1: it is assigned by
/// the session aggregate and written in the same transaction as the change it describes, and the session row's
/// concurrency token makes a racing writer retry instead of reusing a number.
/// </summary>
public sealed class SessionEvent
{
    private SessionEvent() { }

    public SessionEvent(Guid sessionId, long seq, string type, Guid? runId, string dataJson, DateTimeOffset timestamp)
    {
        Id = Guid.CreateVersion7(timestamp);
        SessionId = sessionId;
        Seq = seq;
        Type = type;
        RunId = runId;
        DataJson = dataJson;
        Timestamp = timestamp;
    }

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }
    public long Seq { get; private set; }
    public string Type { get; private set; } = "";
    public Guid? RunId { get; private set; }
    public string DataJson { get; private set; } = "{}";
    public DateTimeOffset Timestamp { get; private set; }
}
