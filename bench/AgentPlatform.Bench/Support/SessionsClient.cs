using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Bench.Support;

/// <summary>The few calls of the sessions API the benchmarks make.</summary>
public static class SessionsClient
{
    public static async Task<Guid> CreateAsync(this HttpClient client, object body, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/sessions", body, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating a session failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)}");
        }

        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return json.GetProperty("id").GetGuid();
    }

    public static async Task<string> StatusAsync(this HttpClient client, Guid id, CancellationToken ct)
    {
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}", ct);
        return json.GetProperty("status").GetString()!;
    }

    public static async Task StopAsync(this HttpClient client, Guid id, CancellationToken ct)
    {
        using var response = await client.PostAsync($"/api/v1/sessions/{id}/stop", null, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls every <paramref name="interval"/> until the session has one of these statuses.</summary>
    public static async Task<string> WaitForAsync(this HttpClient client, Guid id, TimeSpan interval, CancellationToken ct, params string[] statuses)
    {
        while (true)
        {
            var status = await client.StatusAsync(id, ct);
            if (statuses.Contains(status))
            {
                return status;
            }

            await Task.Delay(interval, ct);
        }
    }
}
