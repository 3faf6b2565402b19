using StackExchange.Redis;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// The floor under the streams' latency: a bare StackExchange.Redis publish to a subscriber on the same redis-server,
/// one message at a time, on a publishing and a subscribing connection of their own, the subscriber on a pattern
/// channel as the Api's fan-out is, with a message the size of a benchmark event. Measured idle, and in the background
/// during the load stages so that each stage has a baseline under the same CPU contention.
/// </summary>
public sealed class RedisRoundTrips : IAsyncDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("agentplatform:bench:baseline");
    private readonly ConnectionMultiplexer _publisher;
    private readonly ConnectionMultiplexer _subscriber;
    private readonly ChannelMessageQueue _queue;
    private readonly string _message;
    private TaskCompletionSource<long> _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RedisRoundTrips(ConnectionMultiplexer publisher, ConnectionMultiplexer subscriber, ChannelMessageQueue queue, int messageBytes)
    {
        (_publisher, _subscriber, _queue, _message) = (publisher, subscriber, queue, new string('x', messageBytes));
        queue.OnMessage(_ => Volatile.Read(ref _arrived).TrySetResult(Stopwatch.GetTimestamp()));
    }

    /// <summary>Round trips measured in the background: when each started (Stopwatch timestamp) and how long it took.</summary>
    public List<(long At, double Ms)> Background { get; } = [];

    public static async Task<RedisRoundTrips> ConnectAsync(string connectionString, int messageBytes)
    {
        var publisher = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var subscriber = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var queue = await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("agentplatform:bench:*"));
        return new RedisRoundTrips(publisher, subscriber, queue, messageBytes);
    }

    /// <summary><paramref name="count"/> round trips one after another, after 100 not counted.</summary>
    public async Task<List<double>> MeasureAsync(int count, CancellationToken ct)
    {
        List<double> latencies = [];
        for (var i = 0; i < 100 + count; i++)
        {
            var (_, ms) = await OnceAsync(ct);
            if (i >= 100)
            {
                latencies.Add(ms);
            }
        }

        return latencies;
    }

    /// <summary>A round trip every <paramref name="pause"/> until <paramref name="stop"/>, into <see cref="Background"/>.</summary>
    public async Task RunInBackgroundAsync(TimeSpan pause, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var sample = await OnceAsync(CancellationToken.None);
            lock (Background)
            {
                Background.Add(sample);
            }

            await Task.Delay(pause, CancellationToken.None);
        }
    }

    /// <summary>The background round trips that started between two Stopwatch timestamps.</summary>
    public List<double> Between(long from, long to)
    {
        lock (Background)
        {
            return Background.Where(s => s.At >= from && s.At < to).Select(s => s.Ms).ToList();
        }
    }

    private async Task<(long At, double Ms)> OnceAsync(CancellationToken ct)
    {
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _arrived, arrived);
        var sent = Stopwatch.GetTimestamp();
        await _publisher.GetSubscriber().PublishAsync(Channel, _message);
        var received = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
        return (sent, Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        await _queue.UnsubscribeAsync();
        await _subscriber.DisposeAsync();
        await _publisher.DisposeAsync();
    }
}
