using System.Text.Json;

namespace AgentPlatform.Api.Sessions;

/// <summary>An event as the contract shows it; durable events have a seq, ephemeral ones null.</summary>
public sealed record EventDto(long? Seq, Guid Id, string Type, Guid SessionId, Guid? RunId, DateTimeOffset Timestamp, JsonElement Data)
{
    public static EventDto From(SessionEvent e) =>
        new(e.Seq, e.Id, e.Type, e.SessionId, e.RunId, e.Timestamp, JsonDocument.Parse(e.DataJson).RootElement.Clone());
}

public sealed record EventPage(IReadOnlyList<EventDto> Items, long NextAfter);

public sealed record SessionPage(IReadOnlyList<SessionDto> Items, string? NextCursor);
