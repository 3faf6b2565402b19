using AgentPlatform.Tests.Tools;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Api;

/// <summary>One started Worker host with two tools of its own, <c>flaky</c> and <c>other</c>, that fail on demand.</summary>
public sealed class WorkerReplica
{
    private readonly IServiceProvider _services;
    private readonly TcpRelay _redis;

    private WorkerReplica(IServiceProvider services, TcpRelay redis, FakeTool flaky, FakeTool other)
    {
        _services = services;
        _redis = redis;
        Flaky = flaky;
        Other = other;
    }

    public FakeTool Flaky { get; }

    public FakeTool Other { get; }

    public ToolRegistry Registry => _services.GetRequiredService<ToolRegistry>();

    /// <summary>
    /// Cuts this Worker off Redis, which from there looks like a Worker that died: its heartbeat no longer arrives, and it
    /// cannot remove its states. The host itself keeps running (and its circuits keep working).
    /// </summary>
    public Task LoseRedisAsync() => _redis.CutAsync();

    /// <summary>Opens the tool's circuit on this Worker only (the circuits open after 2 failures).</summary>
    public async Task OpenAsync(FakeTool tool, CancellationToken ct)
    {
        tool.Fail();
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => Registry.InvokeAsync(tool.Name, new ToolContext(Guid.NewGuid()), [], ct));
        }

        Assert.Equal(Core.Tools.CircuitState.Open, Registry.GetStates().Single(s => s.Name == tool.Name).Circuit);
    }

    /// <summary>
    /// Starts the factory's host, which reaches Redis through <paramref name="redis"/>, with the two tools added (the
    /// factory disposes the host).
    /// </summary>
    public static WorkerReplica Start(WorkerFactory factory, TcpRelay redis)
    {
        var flaky = new FakeTool("flaky");
        var other = new FakeTool("other");
        var host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<AgentTool>(flaky);
            s.AddSingleton<AgentTool>(other);
        }));
        return new WorkerReplica(host.Services, redis, flaky, other);
    }
}
