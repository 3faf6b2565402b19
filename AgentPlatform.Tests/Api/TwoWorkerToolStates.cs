using System.Net;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Api;

/// <summary>
/// An Api and two Worker replicas in memory, each Worker with tools <c>flaky</c> and <c>other</c> of its own (circuits
/// open after 2 failures), publishing its tool states every 0.5 s with a 2 s time to live, and reaching Redis through a
/// relay of its own. They use a Redis database and channel prefix no other test uses, so no other host's tools count.
/// </summary>
public sealed class TwoWorkerToolStates : IAsyncDisposable
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(2);

    private const string Database = "tool_states_tests";
    // One Redis database per instance, from 11 up (Redis has 16; 0 is the other tests').
    private static int _nextRedisDatabase = 10;
    private readonly ApiFactory _api;
    private readonly List<(WorkerFactory Factory, TcpRelay Redis)> _workers = [];

    public TwoWorkerToolStates(LocalInfrastructure infrastructure)
    {
        var redis = ConfigurationOptions.Parse(infrastructure.RedisConnectionString);
        redis.DefaultDatabase = Interlocked.Increment(ref _nextRedisDatabase);
        redis.ChannelPrefix = RedisChannel.Literal($"toolstates-{Guid.NewGuid():N}:");
        _api = new ApiFactory(infrastructure, Database, new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ToString(includePassword: true) });

        var server = (IPEndPoint)redis.EndPoints.Single();
        for (var i = 0; i < 2; i++)
        {
            var relay = new TcpRelay(server.Address.ToString(), server.Port);
            var throughRelay = redis.Clone();
            throughRelay.EndPoints.Clear();
            throughRelay.EndPoints.Add(IPAddress.Loopback, relay.Port);
            _workers.Add((new WorkerFactory(infrastructure, Database, 0, new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = throughRelay.ToString(includePassword: true),
                ["Tools:States:HeartbeatInterval"] = "00:00:00.5",
                ["Tools:States:TimeToLive"] = TimeToLive.ToString(),
                ["Tools:CircuitBreaker:MinimumThroughput"] = "2",
                ["Tools:CircuitBreaker:BreakDuration"] = "00:05:00",
            }), relay));
        }
    }

    public HttpClient Client(string user, bool admin = false) => _api.ClientFor(user, admin);

    /// <summary>Starts the Api (it migrates the database), then both Workers, as the AppHost does.</summary>
    public (WorkerReplica A, WorkerReplica B) Start()
    {
        _ = _api.Server;
        return (WorkerReplica.Start(_workers[0].Factory, _workers[0].Redis), WorkerReplica.Start(_workers[1].Factory, _workers[1].Redis));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (factory, relay) in _workers)
        {
            await factory.DisposeAsync();
            await relay.DisposeAsync();
        }

        await _api.DisposeAsync();
    }
}
