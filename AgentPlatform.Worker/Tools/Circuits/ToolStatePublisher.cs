using System.Threading.Channels;
using AgentPlatform.Core.Tools;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentPlatform.Worker.Tools.Circuits;

/// <summary>
/// Shares the circuits with other processes: writes every tool's <see cref="ToolState"/> to this process's own Redis
/// hash (<see cref="ToolRedisKeys.States"/> of <see cref="InstanceId"/>, listed in <see cref="ToolRedisKeys.Workers"/>)
/// at startup, after every transition and reset, with a time to live that a heartbeat renews (<see cref="ToolStateOptions"/>),
/// so the states of a Worker that died expire; a Worker that stops removes them. It
/// closes circuits when a tool name (or <c>*</c> for all) arrives on <see cref="ToolRedisKeys.ResetChannel"/>. While
/// Redis is unreachable it logs and retries every few seconds; the circuits themselves keep working without it.
/// </summary>
public sealed class ToolStatePublisher(
    ToolRegistry registry,
    IConnectionMultiplexer redis,
    AgentPlatform.Core.Events.IEventPublisher events,
    IOptions<ToolStateOptions> options,
    TimeProvider clock,
    ILogger<ToolStatePublisher> logger)
    : BackgroundService
{
    public const string AllTools = "*";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    // One pending signal is enough: each write sends the states as they are when it runs.
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // 1 when the states must be written in full (a change, a reset, a failed write); 0 when renewing them is enough.
    private int _dirty;

    private readonly ToolStateWriter _writer = new(redis, WorkerInstance.NewId(), options.Value.TimeToLive, clock);

    /// <summary>This process among the Workers: the suffix of its Redis hash.</summary>
    public string InstanceId => _writer.InstanceId;

    /// <summary>
    /// Subscribes before the host goes on: since .NET 10, ExecuteAsync starts on another thread, and a transition in
    /// between would be neither written nor broadcast.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.CircuitChanged += OnCircuitChanged;
        registry.ToolsChanged += OnToolsChanged;
        MarkChanged();
        ToolLog.PublishingStates(logger, InstanceId, options.Value.HeartbeatInterval, options.Value.TimeToLive);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        registry.CircuitChanged -= OnCircuitChanged;
        registry.ToolsChanged -= OnToolsChanged;
        await base.StopAsync(cancellationToken);
        await RemoveStatesAsync();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WriteStatesAsync(stoppingToken), HeartbeatAsync(stoppingToken), ListenForResetsAsync(stoppingToken));

    private void OnCircuitChanged(object? sender, ToolState state)
    {
        MarkChanged();
        // Every stream subscriber hears of it (tool.status, seq null); the publisher logs rather than throws on Redis errors.
        _ = events.BroadcastAsync(ToolStatusData.From(state));
    }

    private void OnToolsChanged(object? sender, EventArgs e) => MarkChanged();

    private async Task WriteStatesAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _signals.Reader.ReadAllAsync(cancellationToken))
        {
            while (true)
            {
                var changed = Interlocked.Exchange(ref _dirty, 0) == 1;
                try
                {
                    if (changed || !await _writer.RenewAsync())
                    {
                        await _writer.WriteAsync(registry.GetStates());
                    }

                    break;
                }
                catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
                {
                    // Redis may have lost them meanwhile: write them in full once it answers.
                    Volatile.Write(ref _dirty, 1);
                    ToolLog.StatesNotWritten(logger, RetryDelay, ex);
                    await Task.Delay(RetryDelay, clock, cancellationToken);
                }
            }
        }
    }

    private void MarkChanged()
    {
        Volatile.Write(ref _dirty, 1);
        _signals.Writer.TryWrite(true);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            _signals.Writer.TryWrite(true);
        }
    }

    /// <summary>On a clean stop this Worker's states go at once rather than when they expire.</summary>
    private async Task RemoveStatesAsync()
    {
        try
        {
            await _writer.RemoveAsync();
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            ToolLog.StatesNotRemoved(logger, options.Value.TimeToLive, ex);
        }
    }

    private async Task ListenForResetsAsync(CancellationToken cancellationToken)
    {
        var queue = await SubscribeAsync(cancellationToken);
        try
        {
            while (true)
            {
                var name = (await queue.ReadAsync(cancellationToken)).Message.ToString();
                if (name == AllTools)
                {
                    await registry.ResetAllAsync(cancellationToken);
                }
                else if (!await registry.ResetAsync(name, cancellationToken))
                {
                    ToolLog.ResetUnknownTool(logger, name);
                }

                // Write the states after every reset, transition or not: the Api then sees them without waiting for a heartbeat.
                MarkChanged();
            }
        }
        finally
        {
            await queue.UnsubscribeAsync(CommandFlags.FireAndForget);
        }
    }

    private async Task<ChannelMessageQueue> SubscribeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(ToolRedisKeys.ResetChannel));
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                ToolLog.ResetChannelUnavailable(logger, RetryDelay, ex);
                await Task.Delay(RetryDelay, clock, cancellationToken);
            }
        }
    }
}
