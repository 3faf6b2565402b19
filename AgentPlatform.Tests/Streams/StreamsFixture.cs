using AgentPlatform.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// Api replicas on Kestrel (one here; <see cref="TwoReplicaStreamsFixture"/> runs two) and one Worker (simulated model
/// answering after 300 ms) on their own database, with short stream timings: heartbeats every 300 ms, an idle catch-up
/// read every 3 s, small replay pages (so replays span pages), a small live buffer, and a long close timeout (so a
/// paused client still gets told why it was cut off).
/// </summary>
public class StreamsFixture : IAsyncLifetime
{
    public const string Database = "streams_tests";
    public const int SubscriberBufferSize = 128;

    /// <summary>Long enough that a test reading within <see cref="FasterThanCatchUp"/> proves the live path, not the safety net.</summary>
    public const string CatchUpInterval = "00:00:03";

    public static readonly TimeSpan FasterThanCatchUp = TimeSpan.FromSeconds(2);

    public StreamsFixture(LocalInfrastructure infrastructure)
        : this(infrastructure, Database, replicas: 1)
    {
    }

    /// <summary>Every replica shares the database and Redis, as the AppHost's replicas do.</summary>
    protected StreamsFixture(LocalInfrastructure infrastructure, string database, int replicas)
    {
        Replicas = [.. Enumerable.Range(0, replicas).Select(_ => new StreamsApiFactory(infrastructure, database, Settings()))];
        Worker = new WorkerFactory(infrastructure, database, 300);
    }

    public IReadOnlyList<StreamsApiFactory> Replicas { get; }

    /// <summary>The first replica: the one that writes (<see cref="Writer"/>, <see cref="Publisher"/>).</summary>
    public StreamsApiFactory Api => Replicas[0];

    public WorkerFactory Worker { get; }

    public EventWriter Writer => new(Api.Services);

    public IEventPublisher Publisher => Api.Services.GetRequiredService<IEventPublisher>();

    /// <summary>Replica <paramref name="n"/> modulo their count: with one replica, every n is the same Api.</summary>
    public StreamsApiFactory Replica(int n) => Replicas[n % Replicas.Count];

    public async ValueTask InitializeAsync()
    {
        // The replicas start together, as the AppHost starts them: each migrates the database on start (one at a time,
        // under a lock, the others then find nothing to do). The Worker starts after them, as in the AppHost.
        await Task.WhenAll(Replicas.Select(replica => Task.Run(replica.StartServer)));
        _ = Worker.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Streams:HeartbeatInterval"] = "00:00:00.300",
        ["Streams:CatchUpInterval"] = CatchUpInterval,
        ["Streams:ReplayPageSize"] = "50",
        ["Streams:SubscriberBufferSize"] = SubscriberBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Streams:CloseTimeout"] = "00:00:30",
        ["Sessions:MaxActiveRunsPerUser"] = "50",
    };
}

[CollectionDefinition(Name)]
public sealed class StreamsCollection : ICollectionFixture<StreamsFixture>
{
    public const string Name = "Streams";
}
