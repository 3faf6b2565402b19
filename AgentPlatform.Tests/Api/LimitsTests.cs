using System.Net;
using System.Net.Http.Json;

namespace AgentPlatform.Tests.Api;

/// <summary>Limits with their own Api (no Worker, so runs stay queued) and small configured limits.</summary>
public sealed class LimitsTests(LocalInfrastructure infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Past_the_per_user_rate_limit_the_api_answers_429_with_retry_after_and_other_users_are_not_affected()
    {
        await using var api = new ApiFactory(infrastructure, "limits_tests", new Dictionary<string, string?>
        {
            ["RateLimiting:PermitLimit"] = "3",
            ["RateLimiting:WindowSeconds"] = "60",
        });
        using var client = api.ClientFor(ApiFixture.NewUser());
        using var other = api.ClientFor(ApiFixture.NewUser());

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("/api/v1/sessions", _ct);
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : limited;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited!.Headers.RetryAfter?.Delta);
        Assert.True(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds is > 0 and <= 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/sessions", _ct)).StatusCode);
    }

    [Fact]
    public async Task Past_the_cap_on_active_runs_a_create_answers_429_and_creates_nothing()
    {
        await using var api = new ApiFactory(infrastructure, "limits_tests", new Dictionary<string, string?>
        {
            ["Sessions:MaxActiveRunsPerUser"] = "2",
        });
        using var client = api.ClientFor(ApiFixture.NewUser());
        await client.CreateSessionAsync("one", _ct);
        await client.CreateSessionAsync("two", _ct);

        var third = await client.PostAsJsonAsync("/api/v1/sessions", new { prompt = "three" }, _ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/sessions", _ct);
        Assert.Equal(2, list.GetProperty("items").GetArrayLength());
    }
}
