using AgentPlatform.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// One Api on Kestrel and one Worker (simulated model answering after 300 ms) on their own database, with short stream
/// timings: heartbeats every 300 ms, an idle catch-up read every 3 s, small replay pages (so replays span pages),
/// a small live buffer, and a long close timeout (so a paused client still gets told why it was cut off).
/// </summary>
public sealed class StreamsFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    public const string Database = "streams_tests";
    public const int SubscriberBufferSize = 128;

    /// <summary>Long enough that a test reading within <see cref="FasterThanCatchUp"/> proves the live path, not the safety net.</summary>
    public const string CatchUpInterval = "00:00:03";

    public static readonly TimeSpan FasterThanCatchUp = TimeSpan.FromSeconds(2);

    public StreamsApiFactory Api { get; } = new(infrastructure, Database, new Dictionary<string, string?>
    {
        ["Streams:HeartbeatInterval"] = "00:00:00.300",
        ["Streams:CatchUpInterval"] = CatchUpInterval,
        ["Streams:ReplayPageSize"] = "50",
        ["Streams:SubscriberBufferSize"] = SubscriberBufferSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Streams:CloseTimeout"] = "00:00:30",
        ["Sessions:MaxActiveRunsPerUser"] = "50",
    });

    public WorkerFactory Worker { get; } = new(infrastructure, Database, 300);

    public EventWriter Writer => new(Api.Services);

    public IEventPublisher Publisher => Api.Services.GetRequiredService<IEventPublisher>();

    public ValueTask InitializeAsync()
    {
        // The Api migrates the database on start; the Worker starts after it, as in the AppHost.
        Api.StartServer();
        _ = Worker.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StreamsCollection : ICollectionFixture<StreamsFixture>
{
    public const string Name = "Streams";
}
