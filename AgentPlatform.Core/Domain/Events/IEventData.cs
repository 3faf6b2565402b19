namespace AgentPlatform.Core.Domain.Events;

/// <summary>
/// The <c>data</c> of one event type. A record named <c>&lt;EventType&gt;Data</c> carries the payload of the type
/// <see cref="EventCatalog"/> derives from its name (<c>ToolCalledData</c> is <c>tool.called</c>); the published event
/// schema is generated from these records.
/// </summary>
public interface IEventData;
