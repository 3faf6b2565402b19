using System.Collections.Concurrent;
using AgentPlatform.AppHost.Infrastructure;
using AgentPlatform.Core.Domain;
using AgentPlatform.Core.Events;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// Issue #6's figures: append-to-client latency and delivered events per second to many subscribers (SignalR by default) of one
/// Api (a separate process), the Api's memory per connection, and a bare Redis publish-to-subscriber round trip on
/// the same redis-server for comparison. Events are appended the Worker's way (PostgreSQL commit, then Redis publish).
/// </summary>
public static class StreamsBench
{
    private const string Database = "bench_streams";
    private const string User = "bench";
    private const int WarmUpSubscribers = 10;
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(6);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchOptions(args);
        var sessionCount = options.Int("sessions", 100);
        var perSession = options.Int("per-session", 10);
        var rates = options.Ints("rates", [100, 200, 400, 800, 1600]);
        var stageSeconds = options.Int("seconds", 6);
        var textLength = options.Int("text", 200);
        var baselineCount = options.Int("baseline", 2000);
        var transport = options.String("transport", "signalr");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = timeout.Token;

        Console.WriteLine($"# streams benchmark, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}, {BuildConfiguration}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        await using var infrastructure = new LocalInfrastructure();
        await infrastructure.InitializeAsync();
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings:agentdb"] = infrastructure.Database(Database),
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["Auth:SigningKey"] = BenchApi.SigningKey,
            ["RateLimiting:PermitLimit"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        }, ct);
        using var connector = new SubscriberConnector(transport, api.BaseAddress, DevTokens.Create(BenchApi.SigningKey, User, admin: false, TimeSpan.FromHours(2)));
        using var metrics = new ApiMetrics(api.BaseAddress, DevTokens.Create(BenchApi.SigningKey, "bench-admin", admin: true, TimeSpan.FromHours(2)));

        // The writer: the Worker's append path, with a clock after the Redis publisher.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        using var logging = LoggerFactory.Create(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));
        var logs = new ConcurrentDictionary<Guid, SessionLog>();
        ISavedEventsObserver[] observers = [new RedisEventPublisher(redis, logging.CreateLogger<RedisEventPublisher>()), new PublishClock(logs)];
        var dbOptions = new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(infrastructure.Database(Database)).UseSnakeCaseNamingConvention().Options;
        var perSessionEvents = rates.Prepend(rates[0]).Sum(r => (int)Math.Ceiling((double)r * stageSeconds / sessionCount) + 1);
        List<SessionAppender> appenders = [];
        for (var i = 0; i < sessionCount; i++)
        {
            appenders.Add(await SessionAppender.CreateAsync(dbOptions, observers, logs, User, capacity: perSessionEvents + 16, textLength, ct));
        }

        var sessions = appenders.Select(a => a.Log).ToList();
        var subscriberCount = sessionCount * perSession;
        Console.WriteLine($"Api: separate process (pid {api.Pid}, its own {BuildConfiguration} output, Server GC, Kestrel on loopback, log level Warning); " +
                          $"PostgreSQL {PostgresVersion()} and redis-server on loopback, started by the benchmark");
        Console.WriteLine($"subscribers: {subscriberCount:N0} {connector.Description}, " +
                          $"{sessionCount} sessions × {perSession}, each connection subscribed to one session; clients in the benchmark process");
        Console.WriteLine($"writer: agent.thinking events ({textLength}-char text) appended through AgentDbContext + Session.RecordThinking + SaveTrackedSessionAsync " +
                          "+ RedisEventPublisher (the Worker's path), one event per transaction, from the benchmark process");

        var subscribers = await ConnectAsync(api, metrics, connector, sessions, subscriberCount, ct);
        await using var roundTrips = await RedisRoundTrips.ConnectAsync(infrastructure.RedisConnectionString, SampleEventBytes(textLength));
        var baseline = await roundTrips.MeasureAsync(baselineCount, ct);
        Console.WriteLine($"bare Redis publish → subscriber (StackExchange.Redis, same redis-server, {baselineCount} one at a time, no load): " +
                          $"p50 {Percentiles.Median(baseline):F2} ms, p99 {Percentiles.Of(baseline, 0.99):F2} ms, max {baseline.Max():F2} ms");

        // The same round trip every 5 ms during the stages: a baseline under the same CPU contention as each stage.
        using var stopProbe = new CancellationTokenSource();
        var probe = roundTrips.RunInBackgroundAsync(TimeSpan.FromMilliseconds(5), stopProbe.Token);
        await LoadGenerator.RunAsync(appenders, -1, rates[0], TimeSpan.FromSeconds(stageSeconds), ct); // warm-up, not reported
        List<StageWindow> windows = [];
        for (var i = 0; i < rates.Count; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var cpu = CpuSample.Take(api.Pid);
            var window = await LoadGenerator.RunAsync(appenders, i, rates[i], TimeSpan.FromSeconds(stageSeconds), ct);
            windows.Add(window with { Cpu = (cpu, CpuSample.Take(api.Pid)) });
        }

        await stopProbe.CancelAsync();
        await probe;
        var drained = await WaitForDeliveryAsync(subscribers, TimeSpan.FromSeconds(20), ct);
        var rssAfterLoad = api.ResidentKiB();
        var figures = windows.Select(w => StageFigures.Compute(w, subscribers, sessions, roundTrips.Between(w.StartedAt, w.PlannedEnd))).ToList();
        StreamsReport.Print(figures, baseline, DeliveryCheck.Of(subscribers), drained, subscriberCount, rssAfterLoad);

        await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        foreach (var appender in appenders)
        {
            await appender.DisposeAsync();
        }

        return 0;
    }

    /// <summary>
    /// Connects the subscribers, 16 at a time, reading the Api's memory after the first few (so JIT and first-use
    /// allocations are not charged to the connections) and after all of them.
    /// </summary>
    private static async Task<List<StreamSubscriber>> ConnectAsync(
        ApiProcess api, ApiMetrics metrics, SubscriberConnector connector, IReadOnlyList<SessionLog> sessions, int count, CancellationToken ct)
    {
        var subscribers = new StreamSubscriber[count];
        async Task ConnectRangeAsync(int from, int to) =>
            await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
                async (i, token) => subscribers[i] = await connector.ConnectAsync(sessions[i % sessions.Count], token));

        var warm = Math.Min(WarmUpSubscribers, count);
        await ConnectRangeAsync(0, warm);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var (rssBefore, heapBefore) = (api.ResidentKiB(), await metrics.ReadAsync(ManagedHeapMetric, ct));
        var stopwatch = Stopwatch.StartNew();
        await ConnectRangeAsync(warm, count);
        var connectSeconds = stopwatch.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        // Longer than the subscriptions' idle catch-up read (Streams:CatchUpInterval, 5 s by default).
        var idleFrom = CpuSample.Take(api.Pid);
        await Task.Delay(IdleWindow, ct);
        var idle = CpuSample.Between(idleFrom, CpuSample.Take(api.Pid));
        var (rssAfter, heapAfter) = (api.ResidentKiB(), await metrics.ReadAsync(ManagedHeapMetric, ct));
        var added = count - warm;
        Console.WriteLine($"connected {added:N0} more subscribers in {connectSeconds:F1} s ({added / connectSeconds:F0}/s, {(connector.Transport == "signalr" ? "negotiate + WebSocket + Subscribe" : "a request")} each)");
        Console.WriteLine($"Api memory per connection: resident (VmRSS) {rssBefore / 1024.0:F0} MiB with {warm} subscribers → {rssAfter / 1024.0:F0} MiB with {count:N0}: " +
                          $"{(rssAfter - rssBefore) / (double)added:F1} KiB per connection" +
                          (heapBefore is { } hb && heapAfter is { } ha
                              ? $"; GC heap after the last collection {hb / 1048576:F0} → {ha / 1048576:F0} MiB: {(ha - hb) / 1024 / added:F1} KiB per connection"
                              : $"; {ManagedHeapMetric} not exported"));
        Console.WriteLine($"CPU for {IdleWindow.TotalSeconds:F0} s with {count:N0} subscribers and no events (keep-alives, catch-up reads), share of all cores: {idle}");
        return [.. subscribers];
    }

    /// <summary>Waits until every subscriber has its session's last seq, or the time is up.</summary>
    private static async Task<bool> WaitForDeliveryAsync(IReadOnlyList<StreamSubscriber> subscribers, TimeSpan limit, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (subscribers.Any(s => s.LastReceived < s.Session.LastSeq && s.Ended is null))
        {
            if (deadline.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(50, ct);
        }

        return true;
    }

    private static int SampleEventBytes(int textLength) =>
        EventEnvelope.Ephemeral(Guid.NewGuid(), Guid.NewGuid(), new AgentThinkingData(new string('x', textLength), 1000), DateTimeOffset.UtcNow)
            .ToUtf8Json().Length + 4; // a seq instead of null

    private static string PostgresVersion() =>
        Path.GetFileName(Path.GetDirectoryName(Executables.FindPostgresBin(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())) ?? "?");

    private const string ManagedHeapMetric = "dotnet_gc_last_collection_heap_size_bytes";

#if DEBUG
    private const string BuildConfiguration = "Debug build";
#else
    private const string BuildConfiguration = "Release build";
#endif
}
