using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

/// <summary>Small helpers over the public HTTP contract.</summary>
public static class ApiCalls
{
    public static async Task<JsonElement> CreateSessionAsync(this HttpClient client, object body, CancellationToken ct)
    {
        var response = await client.PostAsJsonAsync("/api/v1/sessions", body, ct);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.True(response.IsSuccessStatusCode, $"create failed: {(int)response.StatusCode} {json}");
        return json;
    }

    public static Task<JsonElement> CreateSessionAsync(this HttpClient client, string prompt, CancellationToken ct) =>
        client.CreateSessionAsync(new { prompt, taskType = "simple_query" }, ct);

    public static async Task<JsonElement> GetSessionAsync(this HttpClient client, string id, CancellationToken ct) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}", ct);

    public static Task<JsonElement> WaitForStatusAsync(this HttpClient client, string id, CancellationToken ct, params string[] statuses) =>
        Poll.UntilAsync(() => client.GetSessionAsync(id, ct), s => statuses.Contains(s.GetProperty("status").GetString()), TimeSpan.FromSeconds(30), ct);

    public static async Task<List<JsonElement>> EventsAsync(this HttpClient client, string id, CancellationToken ct, long after = 0)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}/events?after={after}&limit=1000", ct);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    public static string Id(this JsonElement session) => session.GetProperty("id").GetString()!;

    public static string Status(this JsonElement session) => session.GetProperty("status").GetString()!;

    /// <summary>The problem body's errors must name the field.</summary>
    public static async Task AssertProblemNamesAsync(HttpResponseMessage response, int status, string field, CancellationToken ct)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors in {problem}");
        Assert.True(errors.TryGetProperty(field, out _), $"errors do not name '{field}': {errors}");
    }
}
