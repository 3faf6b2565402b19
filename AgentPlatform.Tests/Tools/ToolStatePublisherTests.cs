using System.Text.Json;
using AgentPlatform.Core;
using AgentPlatform.Core.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using CircuitState = AgentPlatform.Core.Tools.CircuitState;

namespace AgentPlatform.Tests.Tools;

/// <summary>The cross-process contract, against a real redis-server.</summary>
public sealed class ToolStatePublisherTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly ToolStateOptions Heartbeat = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(200), TimeToLive = TimeSpan.FromSeconds(1) };

    private readonly FakeTool _tool = new();
    private readonly ToolRegistry _registry;
    private RedisServer? _redis;
    private readonly RecordingEventPublisher _events = new();
    private ToolStatePublisher? _publisher;

    public ToolStatePublisherTests()
    {
        var options = new ToolCircuitBreakerOptions { MinimumThroughput = 2, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMinutes(5) };
        _registry = new ToolRegistry([_tool, new WebSearchTool([])], Options.Create(options), TimeProvider.System, NullLogger<ToolRegistry>.Instance);
    }

    private IDatabase Redis => _redis!.Connection.GetDatabase();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StatesKey => ToolRedisKeys.States(_publisher!.InstanceId);

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(Ct);
        _publisher = new ToolStatePublisher(
            _registry, _redis.Connection, _events, Options.Create(Heartbeat), TimeProvider.System, NullLogger<ToolStatePublisher>.Instance);
        await _publisher.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_publisher is not null)
        {
            await _publisher.StopAsync(CancellationToken.None);
            _publisher.Dispose();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_tool_state_is_written_at_startup_in_the_contract_json()
    {
        var fields = await Poll.UntilAsync(() => Redis.HashGetAllAsync(StatesKey), f => f.Length == 2, Patience, Ct);

        var json = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
        Assert.Contains("\"circuit\":\"closed\"", json["fake"]);
        var search = JsonSerializer.Deserialize<ToolState>(json["web_search"], JsonDefaults.Options)!;
        Assert.Equal(("web_search", false, CircuitState.Closed), (search.Name, search.Available, search.Circuit));
    }

    [Fact]
    public async Task A_circuit_that_opens_is_written_as_open()
    {
        await OpenAsync();

        await Poll.UntilAsync(() => CircuitInRedisAsync("fake"), c => c == CircuitState.Open, Patience, Ct);
        // The breaker reports its transition asynchronously: the hash may show it first.
        var broadcasts = await Poll.UntilAsync(() => Task.FromResult(_events.Broadcasts.ToList()),
            b => b.Any(x => x is ToolStatusData { Name: "fake", Circuit: CircuitState.Open }), Patience, Ct);
        Assert.Equal(EventTypes.ToolStatus, EventCatalog.TypeOf(Assert.Single(broadcasts, b => b is ToolStatusData { Name: "fake", Circuit: CircuitState.Open })));
    }

    [Fact]
    public async Task The_heartbeat_keeps_the_states_and_the_worker_entry_beyond_their_time_to_live_without_rewriting_them()
    {
        var written = await Poll.UntilAsync(() => Redis.HashGetAllAsync(StatesKey), f => f.Length == 2, Patience, Ct);

        await Task.Delay(3 * Heartbeat.TimeToLive, Ct);

        var ttl = await Redis.KeyTimeToLiveAsync(StatesKey);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.Zero, Heartbeat.TimeToLive);
        // Unchanged, updatedAt included: it says when the states last changed, not when they were last renewed.
        Assert.Equal(Json(written), Json(await Redis.HashGetAllAsync(StatesKey)));
        Assert.NotNull(await Redis.SortedSetScoreAsync(ToolRedisKeys.Workers, _publisher!.InstanceId));
    }

    [Fact]
    public async Task States_that_redis_lost_are_written_again_on_the_next_heartbeat()
    {
        await Poll.UntilAsync(() => Redis.KeyExistsAsync(StatesKey), e => e, Patience, Ct);

        await Redis.KeyDeleteAsync(StatesKey);
        var again = await Poll.UntilAsync(() => Redis.HashGetAllAsync(StatesKey), f => f.Length == 2, Patience, Ct);

        Assert.Contains("\"circuit\":\"closed\"", Json(again)["fake"]);
        Assert.NotNull(await Redis.KeyTimeToLiveAsync(StatesKey));
    }

    [Fact]
    public async Task The_states_of_a_worker_whose_heartbeat_stops_expire_after_their_time_to_live()
    {
        await Poll.UntilAsync(() => Redis.KeyExistsAsync(StatesKey), e => e, Patience, Ct);

        // Disposed without stopping, as a process that dies: its loops end, nothing is cleaned up.
        _publisher!.Dispose();
        var rightAfter = await Redis.KeyExistsAsync(StatesKey);
        var gone = await Poll.UntilAsync(() => Redis.KeyExistsAsync(StatesKey), e => !e, 3 * Heartbeat.TimeToLive, Ct);

        Assert.True(rightAfter);
        Assert.False(gone);
    }

    [Fact]
    public async Task A_worker_that_stops_removes_its_states_and_its_entry_at_once()
    {
        await Poll.UntilAsync(() => Redis.KeyExistsAsync(StatesKey), e => e, Patience, Ct);

        await _publisher!.StopAsync(Ct);

        Assert.False(await Redis.KeyExistsAsync(StatesKey));
        Assert.Null(await Redis.SortedSetScoreAsync(ToolRedisKeys.Workers, _publisher.InstanceId));
    }

    [Fact]
    public async Task Two_workers_publish_under_keys_of_their_own()
    {
        using var other = new ToolStatePublisher(
            _registry, _redis!.Connection, _events, Options.Create(Heartbeat), TimeProvider.System, NullLogger<ToolStatePublisher>.Instance);
        await other.StartAsync(Ct);
        try
        {
            var workers = await Poll.UntilAsync(() => Redis.SortedSetRangeByRankAsync(ToolRedisKeys.Workers), w => w.Length == 2, Patience, Ct);

            Assert.NotEqual(_publisher!.InstanceId, other.InstanceId);
            Assert.Equal(
                new[] { _publisher.InstanceId, other.InstanceId }.Order(StringComparer.Ordinal),
                workers.Select(w => w.ToString()).Order(StringComparer.Ordinal));
            Assert.Equal(2, (await Redis.HashGetAllAsync(ToolRedisKeys.States(other.InstanceId))).Length);
        }
        finally
        {
            await other.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Records the broadcasts a publisher is asked for (the live path itself is the streams tests' subject).</summary>
    private sealed class RecordingEventPublisher : AgentPlatform.Core.Events.IEventPublisher
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<IEventData> _broadcasts = new();

        public IReadOnlyCollection<IEventData> Broadcasts => _broadcasts;

        public Task PublishAsync(IReadOnlyList<SessionEvent> events) => Task.CompletedTask;

        public Task PublishEphemeralAsync(Guid sessionId, Guid? runId, IEventData data) => Task.CompletedTask;

        public Task BroadcastAsync(IEventData data)
        {
            _broadcasts.Enqueue(data);
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("fake")]
    [InlineData("*")]
    public async Task A_reset_message_closes_the_circuit_and_the_closed_state_is_written(string message)
    {
        await OpenAsync();
        await Poll.UntilAsync(() => CircuitInRedisAsync("fake"), c => c == CircuitState.Open, Patience, Ct);

        await Poll.UntilAsync(
            () => _redis!.Connection.GetSubscriber().PublishAsync(RedisChannel.Literal(ToolRedisKeys.ResetChannel), message),
            receivers => receivers > 0,
            Patience,
            Ct);

        await Poll.UntilAsync(() => CircuitInRedisAsync("fake"), c => c == CircuitState.Closed, Patience, Ct);
        Assert.Equal(CircuitState.Closed, _registry.GetStates().Single(s => s.Name == "fake").Circuit);
    }

    private static Dictionary<string, string> Json(HashEntry[] fields) => fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());

    private async Task OpenAsync()
    {
        _tool.Fail();
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => _registry.InvokeAsync("fake", new ToolContext(Guid.NewGuid()), [], Ct));
        }
    }

    private async Task<CircuitState?> CircuitInRedisAsync(string tool)
    {
        var value = await Redis.HashGetAsync(StatesKey, tool);
        return value.IsNull ? null : JsonSerializer.Deserialize<ToolState>(value.ToString(), JsonDefaults.Options)!.Circuit;
    }
}
