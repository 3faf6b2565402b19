using AgentPlatform.AppHost.Infrastructure;
using AgentPlatform.Bench.Streams;

namespace AgentPlatform.Bench.Capacity;

/// <summary>One or more real Worker processes (their own build output) and the sampler that watches them.</summary>
public sealed class WorkerSet : IAsyncDisposable
{
    private readonly List<ApiProcess> _workers;

    private WorkerSet(List<ApiProcess> workers, WorkerSampler sampler) => (_workers, Sampler) = (workers, sampler);

    public WorkerSampler Sampler { get; }

    public static async Task<WorkerSet> StartAsync(int count, int capacity, double share, CapacitySettings s, LocalInfrastructure infrastructure,
        string connectionString, CancellationToken ct)
    {
        List<ApiProcess> workers = [];
        for (var i = 0; i < count; i++)
        {
            workers.Add(await ApiProcess.StartAsync(new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ConnectionStrings:agentdb"] = connectionString,
                ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
                ["Auth:SigningKey"] = BenchApi.SigningKey,
                ["Llm:Simulated:LatencyMs"] = s.LatencyMs.ToString(CultureInfo.InvariantCulture),
                ["Worker:MaxConcurrentRuns"] = capacity.ToString(CultureInfo.InvariantCulture),
                ["Worker:UserShare"] = share.ToString(CultureInfo.InvariantCulture),
                ["Database:MaxPoolSize"] = s.Pool.ToString(CultureInfo.InvariantCulture),
                ["Worker:StopTimeout"] = "00:00:02",
                ["Logging:LogLevel:Default"] = "Warning",
            }, ct, "AgentPlatform.Worker"));
        }

        var admin = DevTokens.Create(BenchApi.SigningKey, "bench-admin", admin: true, TimeSpan.FromHours(4));
        return new WorkerSet(workers, new WorkerSampler(workers, connectionString, admin));
    }

    /// <summary>A fresh reading, after a collection pause, with nothing running.</summary>
    public async Task<WorkerSample> IdleSampleAsync(CancellationToken ct)
    {
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        return Sampler.Between(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow).LastOrDefault()
            ?? throw new InvalidOperationException("The sampler has no reading.");
    }

    public async ValueTask DisposeAsync()
    {
        await Sampler.DisposeAsync();
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }
}
