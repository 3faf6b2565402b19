using AgentPlatform.AppHost.Infrastructure;
using AgentPlatform.Bench.Streams;

namespace AgentPlatform.Bench.Capacity;

/// <summary>One or more real Worker processes (their own build output) and the sampler that watches them.</summary>
public sealed class WorkerSet : IAsyncDisposable
{
    private readonly List<ApiProcess> _workers;
    private readonly string _admin;

    private WorkerSet(List<ApiProcess> workers, WorkerSampler sampler, string admin) => (_workers, Sampler, _admin) = (workers, sampler, admin);

    public WorkerSampler Sampler { get; }

    /// <param name="paused">Start the Workers with their queue processing paused (<c>Worker:ProcessJobs=false</c>), for <see cref="ResumeAsync"/>.</param>
    public static async Task<WorkerSet> StartAsync(int count, int capacity, double share, CapacitySettings s, LocalInfrastructure infrastructure,
        string connectionString, CancellationToken ct, bool paused = false)
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
                ["Worker:ProcessJobs"] = paused ? "false" : "true",
                ["Logging:LogLevel:Default"] = "Warning",
            }, ct, "AgentPlatform.Worker"));
        }

        var admin = DevTokens.Create(BenchApi.SigningKey, "bench-admin", admin: true, TimeSpan.FromHours(4));
        return new WorkerSet(workers, new WorkerSampler(workers, connectionString, admin), admin);
    }

    /// <summary>Resumes every Worker's queue processing at once (the Worker's <c>POST /admin/queue/resume</c>).</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        await Task.WhenAll(_workers.Select(async worker =>
        {
            using var client = new HttpClient { BaseAddress = worker.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _admin);
            using var response = await client.PostAsync(new Uri("/admin/queue/resume", UriKind.Relative), null, ct);
            response.EnsureSuccessStatusCode();
        }));
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
