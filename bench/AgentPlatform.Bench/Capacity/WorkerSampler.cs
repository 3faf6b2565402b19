using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Bench.Streams;
using Npgsql;

namespace AgentPlatform.Bench.Capacity;

/// <summary>
/// Every 250 ms: each Worker's runs executing (its <c>/admin/queue</c>), resident memory and CPU time (/proc), and the
/// PostgreSQL connections to the benchmark's database (<c>pg_stat_activity</c>: all, and those not idle).
/// </summary>
public sealed class WorkerSampler : IAsyncDisposable
{
    private readonly ConcurrentQueue<WorkerSample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WorkerSampler(IReadOnlyList<ApiProcess> workers, string connectionString, string adminToken) =>
        _loop = RunAsync(workers, connectionString, adminToken, _stop.Token);

    public IReadOnlyList<WorkerSample> Between(DateTimeOffset from, DateTimeOffset to) => [.. _samples.Where(s => s.At >= from && s.At <= to)];

    private async Task RunAsync(IReadOnlyList<ApiProcess> workers, string connectionString, string adminToken, CancellationToken ct)
    {
        var clients = workers.Select(w => new HttpClient { BaseAddress = w.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", adminToken) } }).ToList();
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        var database = db.Database;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var active = 0;
                foreach (var client in clients)
                {
                    var state = await client.GetFromJsonAsync<JsonElement>("/admin/queue", ct);
                    active += state.GetProperty("activeRuns").GetInt32();
                }

                await using var command = new NpgsqlCommand(
                    "SELECT count(*)::int, count(*) FILTER (WHERE state <> 'idle')::int FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", db);
                command.Parameters.AddWithValue("db", database);
                await using var reader = await command.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                _samples.Enqueue(new WorkerSample(DateTimeOffset.UtcNow, active, workers.Sum(w => w.ResidentKiB()), workers.Sum(w => w.CpuTicks()),
                    reader.GetInt32(0), reader.GetInt32(1)));
                await reader.DisposeAsync();
                await Task.Delay(250, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Sampling ends with the phase.
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
