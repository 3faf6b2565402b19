using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// The stream instruments of the Api's Meter (open subscriptions, events handed to subscribers) count what an Api of
/// its own serves, over all three transports: its instruments alone are listened to (by its meter factory).
/// </summary>
[Collection(StreamsCollection.Name)]
public sealed class StreamMetricsTests(StreamsFixture fixture, LocalInfrastructure infrastructure)
{
    [Fact]
    public async Task Subscribers_and_delivered_events_are_counted_for_every_transport()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = new StreamsApiFactory(infrastructure, StreamsFixture.Database, new Dictionary<string, string?>());
        api.StartServer();
        using var recorded = new StreamMeasurements(api.Services.GetRequiredService<IMeterFactory>());
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);

        var clients = new List<IStreamClient>();
        foreach (var transport in new[] { Transport.ServerSentEvents, Transport.WebSocket, Transport.SignalR })
        {
            clients.Add(await api.ConnectAsync(transport, user, id, after: 0, ct));
        }

        foreach (var client in clients)
        {
            await client.ReadDurableAsync(1, 2, ct);
        }

        var last = await fixture.Writer.AppendAsync(id, 3, ct);
        foreach (var client in clients)
        {
            await client.ReadDurableAsync(3, last, ct);
        }

        Assert.Equal(3, recorded.Subscribers);
        Assert.Equal(3 * last, await Poll.UntilAsync(() => Task.FromResult(recorded.Durable), n => n >= 3 * last, TimeSpan.FromSeconds(5), ct));

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        Assert.Equal(0, await Poll.UntilAsync(() => Task.FromResult(recorded.Subscribers), n => n == 0, TimeSpan.FromSeconds(10), ct));
    }

    /// <summary>The measurements of one meter factory's stream instruments.</summary>
    private sealed class StreamMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _sums = new();

        public StreamMeasurements(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name.StartsWith("agentplatform.stream.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var kind = "";
                foreach (var tag in tags)
                {
                    kind = tag.Key == "kind" ? tag.Value as string ?? "" : kind;
                }

                _sums.AddOrUpdate($"{instrument.Name}:{kind}", value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long Subscribers => _sums.GetValueOrDefault("agentplatform.stream.subscribers:");

        public long Durable => _sums.GetValueOrDefault("agentplatform.stream.events:durable");

        public void Dispose() => _listener.Dispose();
    }
}
