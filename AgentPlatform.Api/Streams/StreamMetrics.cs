using System.Diagnostics.Metrics;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// The streams' instruments on the Api's Meter, for every transport alike: open subscriptions, the events handed to
/// subscribers (durable or ephemeral), and the streams the server ended, by reason (a rise of
/// <c>subscriber_too_slow</c> says clients cannot keep up).
/// </summary>
public sealed class StreamMetrics
{
    private readonly UpDownCounter<long> _subscribers;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _ended;

    public StreamMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ResourceNames.ApiTelemetry);
        _subscribers = meter.CreateUpDownCounter<long>("agentplatform.stream.subscribers", "{subscriber}", "Open event-stream subscriptions (SSE, WebSocket, SignalR)");
        _delivered = meter.CreateCounter<long>("agentplatform.stream.events", "{event}", "Events handed to subscribers, by kind (durable or ephemeral)");
        _ended = meter.CreateCounter<long>("agentplatform.stream.ended", "{stream}", "Streams the server ended, by reason");
    }

    public void Opened() => _subscribers.Add(1);

    public void Closed() => _subscribers.Add(-1);

    public void Delivered(bool durable) => _delivered.Add(1, new KeyValuePair<string, object?>("kind", durable ? "durable" : "ephemeral"));

    public void Ended(StreamEndReason reason) =>
        _ended.Add(1, new KeyValuePair<string, object?>("reason", JsonDefaults.Wire(reason)));
}
