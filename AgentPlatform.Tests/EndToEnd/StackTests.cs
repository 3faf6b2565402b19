using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core;

namespace AgentPlatform.Tests.EndToEnd;

[Collection(AppHostCollection.Name)]
public sealed class StackTests(AppHostFixture fixture)
{
    [Fact]
    public async Task A_session_created_over_http_is_completed_by_the_worker()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.ApiClient("e2e-user");

        var created = await client.PostAsJsonAsync("/api/v1/sessions", new { prompt = "Say hello to the end-to-end test", taskType = "simple_query" }, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var session = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = session.GetProperty("id").GetString();
        Assert.Equal($"/api/v1/sessions/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("pending", session.GetProperty("status").GetString());

        var final = await Poll.UntilAsync(
            () => client.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}", ct),
            s => s.GetProperty("status").GetString() is "completed" or "failed" or "incomplete",
            TimeSpan.FromSeconds(60), ct);

        Assert.Equal("completed", final.GetProperty("status").GetString());
        Assert.Equal("end_turn", final.GetProperty("stopReason").GetString());
        Assert.Contains("end-to-end test", final.GetProperty("result").GetString());
        Assert.True(final.GetProperty("tokensUsed").GetInt32() > 0);
        Assert.StartsWith("simulated", final.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Every_resource_is_healthy_and_the_api_refuses_anonymous_calls()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var resource in new[] { ResourceNames.Postgres, ResourceNames.Redis, ResourceNames.Api, ResourceNames.Worker })
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(resource, ct);
        }

        using var anonymous = fixture.App.CreateHttpClient(ResourceNames.Api, "http");
        var response = await anonymous.PostAsJsonAsync("/api/v1/sessions", new { prompt = "hi" }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var health = await anonymous.GetAsync("/health", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
