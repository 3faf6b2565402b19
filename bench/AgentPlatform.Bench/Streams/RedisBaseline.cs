using StackExchange.Redis;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// The floor under the streams' latency: a bare StackExchange.Redis publish to a subscriber on the same redis-server,
/// one message at a time, a publishing and a subscribing connection of their own, the subscriber on a pattern channel
/// as the Api's fan-out is, and a message the size of a benchmark event.
/// </summary>
public static class RedisBaseline
{
    public static async Task<List<double>> MeasureAsync(string connectionString, int count, int messageBytes, CancellationToken ct)
    {
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(connectionString);
        await using var subscriber = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var channel = RedisChannel.Literal("agentplatform:bench:baseline");
        var queue = await subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Pattern("agentplatform:bench:*"));
        TaskCompletionSource<long> arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.OnMessage(_ => Volatile.Read(ref arrived).TrySetResult(Stopwatch.GetTimestamp()));
        var message = new string('x', messageBytes);
        List<double> latencies = [];
        const int warmUp = 100;
        for (var i = 0; i < warmUp + count; i++)
        {
            Volatile.Write(ref arrived, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
            var sent = Stopwatch.GetTimestamp();
            await publisher.GetSubscriber().PublishAsync(channel, message);
            var received = await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
            if (i >= warmUp)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
            }
        }

        await queue.UnsubscribeAsync();
        return latencies;
    }
}
