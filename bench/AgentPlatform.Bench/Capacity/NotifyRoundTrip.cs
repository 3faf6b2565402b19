using Npgsql;

namespace AgentPlatform.Bench.Capacity;

/// <summary>The floor under queue latency: a PostgreSQL NOTIFY from one connection received on another that LISTENs.</summary>
public static class NotifyRoundTrip
{
    public static async Task<List<double>> MeasureAsync(string connectionString, int count, CancellationToken ct)
    {
        await using var listener = new NpgsqlConnection(connectionString);
        await using var sender = new NpgsqlConnection(connectionString);
        await listener.OpenAsync(ct);
        await sender.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand("LISTEN bench_floor", listener))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        List<double> samples = [];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var notify = new NpgsqlCommand("NOTIFY bench_floor", sender))
            {
                await notify.ExecuteNonQueryAsync(ct);
            }

            await listener.WaitAsync(ct);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }
}
