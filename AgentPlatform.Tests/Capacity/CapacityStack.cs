using System.Text.Json;
using AgentPlatform.Tests.Engine;
using AgentPlatform.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Capacity;

/// <summary>
/// An Api and in-memory Workers on a database of their own, the Workers on the built-in simulated model with a fixed
/// latency per call, so runs spend their time waiting on the model as real ones do.
/// </summary>
public sealed class CapacityStack(LocalInfrastructure infrastructure, string database) : IAsyncDisposable
{
    private readonly List<EngineWorkerFactory> _workers = [];

    public ApiFactory Api { get; } = new(infrastructure, database, new Dictionary<string, string?> { ["Sessions:MaxActiveRunsPerUser"] = "100" });

    public LocalInfrastructure Infrastructure => infrastructure;

    public string Database => database;

    /// <summary>A Worker with its job server running; <paramref name="settings"/> on top of the engine tests' own.</summary>
    public EngineWorkerFactory StartWorker(CountingTool tool, int latencyMs, IReadOnlyDictionary<string, string?> settings)
    {
        _ = Api.Server; // the Api migrates the database before any Worker starts
        var all = new Dictionary<string, string?>(settings) { ["Llm:Simulated:LatencyMs"] = latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var worker = new EngineWorkerFactory(infrastructure, database, llmConnectionString: null, [tool], settings: all);
        _ = worker.Server;
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Stops a Worker gracefully (as a deploy or a SIGTERM would).</summary>
    public async Task StopWorkerAsync(EngineWorkerFactory worker)
    {
        _workers.Remove(worker);
        await worker.DisposeAsync();
    }

    public static RunHost Host(EngineWorkerFactory worker) => worker.Services.GetRequiredService<JobServerControl>().Host;

    /// <summary>Creates the sessions one after another (so their queue order is their creation order).</summary>
    public static async Task<List<string>> CreateAsync(HttpClient client, int count, string prompt, CancellationToken ct)
    {
        List<string> ids = [];
        for (var i = 0; i < count; i++)
        {
            ids.Add((await client.CreateSessionAsync(new { prompt = $"{prompt} #{i}", taskType = "simple_query" }, ct)).Id());
        }

        return ids;
    }

    public static async Task<List<JsonElement>> WaitForAllAsync(HttpClient client, IReadOnlyList<string> ids, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<JsonElement> sessions = [];
        foreach (var id in ids)
        {
            var left = deadline - DateTime.UtcNow;
            sessions.Add(await Poll.UntilAsync(() => client.GetSessionAsync(id, ct), s => s.Status() is not ("pending" or "processing"),
                left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), ct));
        }

        return sessions;
    }

    /// <summary>Every durable event of the session, seq 1..N with no gap or repeat, ending with run.completed.</summary>
    public static async Task<List<JsonElement>> AssertGapFreeAsync(HttpClient client, string id, CancellationToken ct)
    {
        var events = await client.EventsAsync(id, ct);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("run.completed", events[^1].Type());
        return events;
    }

    /// <summary>
    /// The Hangfire side of the runs that ended: jobs Succeeded (state row with its SucceededAt, an expiry), queue rows
    /// left, and the succeeded counter as the dashboard sums it.
    /// </summary>
    public async Task<(int Succeeded, int Queued, long Counted)> HangfireOutcomeAsync(CancellationToken ct)
    {
        await using var db = new Npgsql.NpgsqlConnection(infrastructure.Database(database));
        await db.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT (SELECT count(*) FROM hangfire.job j JOIN hangfire.state s ON s.id = j.stateid
                    WHERE j.statename = 'Succeeded' AND s.name = 'Succeeded' AND s.data ? 'SucceededAt' AND j.expireat IS NOT NULL)::int,
                   (SELECT count(*) FROM hangfire.jobqueue)::int,
                   (SELECT COALESCE(sum(value), 0) FROM hangfire.counter WHERE key = 'stats:succeeded')
                   + (SELECT COALESCE(sum(value), 0) FROM hangfire.aggregatedcounter WHERE key = 'stats:succeeded')
            """, db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Api.DisposeAsync();
    }
}
