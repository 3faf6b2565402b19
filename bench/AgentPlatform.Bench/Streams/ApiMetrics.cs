using System.Net.Http.Headers;

namespace AgentPlatform.Bench.Streams;

/// <summary>Reads gauges from the Api's Prometheus endpoint (/metrics, admin token).</summary>
public sealed class ApiMetrics(Uri baseAddress, string adminToken) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", adminToken) } };

    /// <summary>The sum of a metric's samples over its labels, or null when the Api does not export it.</summary>
    public async Task<double?> ReadAsync(string name, CancellationToken ct)
    {
        var text = await _http.GetStringAsync("/metrics", ct);
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            {
                var value = line[(line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : name.Length)..].Trim().Split(' ')[0];
                sum = (sum ?? 0) + double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    public void Dispose() => _http.Dispose();
}
