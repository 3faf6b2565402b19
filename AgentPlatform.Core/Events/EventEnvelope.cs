using System.Text.Json;
using System.Text.Json.Serialization;
using AgentPlatform.Core.Domain.Events;

namespace AgentPlatform.Core.Events;

/// <summary>
/// An event as the contract shows it: <c>{seq, id, type, sessionId, runId, timestamp, data}</c>. Durable events carry
/// their session's <see cref="Seq"/>; ephemeral ones (<c>agent.message_delta</c>) and broadcasts (<c>tool.status</c>)
/// have <c>seq: null</c> and are never replayed. A broadcast belongs to no session: its <see cref="SessionId"/> is null.
/// </summary>
public sealed record EventEnvelope(long? Seq, Guid Id, string Type, Guid? SessionId, Guid? RunId, DateTimeOffset Timestamp, JsonElement Data)
{
    [JsonIgnore]
    public bool IsDurable => Seq is not null;

    public static EventEnvelope From(SessionEvent e) =>
        new(e.Seq, e.Id, e.Type, e.SessionId, e.RunId, e.Timestamp, ParseData(e.DataJson));

    /// <summary>A live-only event: a fresh id, no seq.</summary>
    public static EventEnvelope Ephemeral(Guid? sessionId, Guid? runId, IEventData data, DateTimeOffset now) =>
        new(null, Guid.CreateVersion7(now), EventCatalog.TypeOf(data), sessionId, runId, now,
            JsonSerializer.SerializeToElement(data, data.GetType(), JsonDefaults.Options));

    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonDefaults.Options);

    /// <exception cref="JsonException">The text is not an event.</exception>
    public static EventEnvelope FromJson(string json) =>
        JsonSerializer.Deserialize<EventEnvelope>(json, JsonDefaults.Options) ?? throw new JsonException("An event cannot be null.");

    private static JsonElement ParseData(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
