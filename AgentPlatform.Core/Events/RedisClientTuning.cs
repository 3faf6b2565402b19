using StackExchange.Redis;

namespace AgentPlatform.Core.Events;

/// <summary>How the Api and the Worker connect to Redis (Aspire's <c>AddRedisClient</c> options).</summary>
public static class RedisClientTuning
{
    /// <summary>
    /// Short timeouts: a hung Redis is a 503 or a retried publish in about 2 s, not a call stalled for the default 5 s.
    /// The .NET thread pool runs the socket work: StackExchange.Redis' default scheduler keeps dedicated threads that
    /// spin (<c>sched_yield</c>) while waiting, which cost the Worker about a sixth of its CPU in the capacity
    /// benchmark's profile (bench/README.md, "Capacity").
    /// </summary>
    public static void Apply(ConfigurationOptions options)
    {
        options.AsyncTimeout = 2000;
        options.SyncTimeout = 2000;
        options.ConnectTimeout = 2000;
        options.AbortOnConnectFail = false;
        options.SocketManager = SocketManager.ThreadPool;
    }
}
