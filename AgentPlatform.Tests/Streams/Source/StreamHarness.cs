using AgentPlatform.Core.Events;
using AgentPlatform.Api.Streams;
using AgentPlatform.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using System.Diagnostics.Metrics;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>
/// An <see cref="EventStreamSource"/> over an in-memory log and live feed, a fake clock, and its instruments collected:
/// the merge of live and durable events tested with no PostgreSQL or Redis (and mutation-tested, scripts/mutation.sh streams).
/// </summary>
internal sealed class StreamHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly ServiceProvider _services;
    private readonly MetricCollector<long> _subscribers;
    private readonly MetricCollector<long> _delivered;
    private readonly MetricCollector<long> _ended;
    private int _aborts;

    public StreamHarness()
    {
        Log = new FakeEventLog(SessionId, Clock);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        Metrics = new StreamMetrics(meters);
        _subscribers = new MetricCollector<long>(meters, ResourceNames.ApiTelemetry, "agentplatform.stream.subscribers");
        _delivered = new MetricCollector<long>(meters, ResourceNames.ApiTelemetry, "agentplatform.stream.events");
        _ended = new MetricCollector<long>(meters, ResourceNames.ApiTelemetry, "agentplatform.stream.ended");
    }

    public Guid SessionId { get; } = Guid.NewGuid();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeEventLog Log { get; }

    public FakeLiveFeed Live { get; } = new();

    public FakeLogger<EventStreamSource> Logger { get; } = new();

    public StreamMetrics Metrics { get; }

    public StreamOptions Options { get; } = new() { ReplayPageSize = 500, SubscriberBufferSize = 100, CloseTimeout = TimeSpan.FromSeconds(10) };

    public int Aborts => Volatile.Read(ref _aborts);

    public long Subscribers => _subscribers.GetMeasurementSnapshot().Sum(m => m.Value);

    public EventStreamSource Source => new(
        Live, Log, Microsoft.Extensions.Options.Options.Create(Options), new Lifetime(_stopping.Token), Metrics, Clock, Logger);

    public Task<EventSubscription?> OpenAsync(
        long after = 0, bool untilRunCompleted = false, DateTimeOffset? expires = null, CancellationToken? left = null) =>
        Source.OpenAsync(new StreamRequest(SessionId, "owner-1", after, untilRunCompleted, expires), () => Interlocked.Increment(ref _aborts), left ?? TestContext.Current.CancellationToken);

    public async Task<EventSubscription> OpenStartedAsync(long after = 0, bool untilRunCompleted = false, DateTimeOffset? expires = null, CancellationToken? left = null) =>
        await OpenAsync(after, untilRunCompleted, expires, left) ?? throw new InvalidOperationException("The session was not found.");

    public void StopServer() => _stopping.Cancel();

    public long Delivered(string kind) => _delivered.GetMeasurementSnapshot().Where(m => Equals(m.Tags["kind"], kind)).Sum(m => m.Value);

    public long Ended(string reason) => _ended.GetMeasurementSnapshot().Where(m => Equals(m.Tags["reason"], reason)).Sum(m => m.Value);

    public long EndedTotal => _ended.GetMeasurementSnapshot().Sum(m => m.Value);

    /// <summary>An event of this session with a seq the log does not hold (yet).</summary>
    public EventEnvelope Unstored(long seq) =>
        EventEnvelope.From(new SessionEvent(SessionId, seq, EventTypes.AgentMessage, null, "{}", Clock.GetUtcNow()));

    public EventEnvelope Ephemeral() =>
        new(null, Guid.NewGuid(), EventTypes.AgentMessageDelta, SessionId, null, Clock.GetUtcNow(), System.Text.Json.JsonDocument.Parse("{}").RootElement);

    /// <summary>The next <paramref name="count"/> events, failing the test if they do not come.</summary>
    public static async Task<List<EventEnvelope>> ReadAsync(EventSubscription subscription, int count)
    {
        using var timeout = Timeout();
        var events = new List<EventEnvelope>();
        while (events.Count < count)
        {
            Assert.True(await subscription.Events.WaitToReadAsync(timeout.Token), $"The stream ended after {events.Count} of {count} events.");
            while (events.Count < count && subscription.Events.TryRead(out var evt))
            {
                events.Add(evt);
            }
        }

        return events;
    }

    /// <summary>Every event until the stream ends, failing the test if it does not end.</summary>
    public static async Task<List<EventEnvelope>> ReadToEndAsync(EventSubscription subscription)
    {
        using var timeout = Timeout();
        var events = new List<EventEnvelope>();
        await foreach (var evt in subscription.Events.ReadAllAsync(timeout.Token))
        {
            events.Add(evt);
        }

        return events;
    }

    /// <summary>Polls (no fixed sleep) until the condition holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public static List<long?> Seqs(IEnumerable<EventEnvelope> events) => [.. events.Select(e => e.Seq)];

    public static List<long?> Range(long from, long to) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long?)i)];

    private static CancellationTokenSource Timeout()
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        return timeout;
    }

    public async ValueTask DisposeAsync()
    {
        _subscribers.Dispose();
        _delivered.Dispose();
        _ended.Dispose();
        await _services.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed class Lifetime(CancellationToken stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => throw new NotSupportedException();
    }
}
