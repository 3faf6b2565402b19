using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace AgentPlatform.Core.Domain.Events;

/// <summary>
/// Every event type and the record its <c>data</c> is. The type comes from the record's name, so a new
/// <see cref="IEventData"/> record is an event type without a second list to keep in step: <c>ToolCalledData</c> is
/// <c>tool.called</c>, <c>SessionStatusChangedData</c> is <c>session.status_changed</c> (the first word is the area, the
/// rest snake_case).
/// </summary>
public static class EventCatalog
{
    private static readonly FrozenDictionary<Type, string> TypeNames = RecordsIn(typeof(IEventData).Assembly).ToFrozenDictionary(t => t, NameOf);

    private static readonly FrozenDictionary<string, Type> Records = TypeNames.ToFrozenDictionary(p => p.Value, p => p.Key);

    /// <summary>Every event type with its record, in type order.</summary>
    public static IReadOnlyList<KeyValuePair<string, Type>> All { get; } = [.. Records.OrderBy(p => p.Key, StringComparer.Ordinal)];

    public static string TypeOf(IEventData data) => TypeNames[data.GetType()];

    public static Type RecordOf(string eventType) =>
        Records.TryGetValue(eventType, out var type) ? type : throw new ArgumentException($"No event type {eventType}.", nameof(eventType));

    public static string Serialize(IEventData data) => JsonSerializer.Serialize(data, data.GetType(), JsonDefaults.Options);

    /// <summary>The typed payload of a stored event.</summary>
    /// <exception cref="JsonException">The stored data does not fit the event type's record.</exception>
    public static IEventData Read(SessionEvent evt) => Read(evt.Type, evt.DataJson);

    public static IEventData Read(string eventType, string dataJson) =>
        (IEventData?)JsonSerializer.Deserialize(dataJson, RecordOf(eventType), JsonDefaults.Options)
        ?? throw new JsonException($"The data of a {eventType} event is null.");

    public static T Read<T>(SessionEvent evt) where T : IEventData =>
        Read(evt) is T data ? data : throw new InvalidOperationException($"A {evt.Type} event does not carry {typeof(T).Name}.");

    /// <summary>The event records of <paramref name="assembly"/>: its concrete classes that are <see cref="IEventData"/>.</summary>
    /// <remarks>Internal, like <see cref="NameOf"/>, so tests call it afresh: a static initializer runs once per process.</remarks>
    internal static IEnumerable<Type> RecordsIn(Assembly assembly) =>
        assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEventData).IsAssignableFrom(t));

    /// <summary>The event type of <paramref name="record"/>, derived from its name.</summary>
    internal static string NameOf(Type record)
    {
        const string suffix = "Data";
        var name = record.Name.EndsWith(suffix, StringComparison.Ordinal)
            ? record.Name[..^suffix.Length]
            : throw new InvalidOperationException($"{record.Name}: an event record's name ends with {suffix}.");
        var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
        var dot = snake.IndexOf('_', StringComparison.Ordinal);
        return dot < 0 ? snake : $"{snake[..dot]}.{snake[(dot + 1)..]}";
    }
}
