using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task Concurrent_creates_follow_ups_and_enqueues_from_one_user_never_pass_the_cap()
    {
        const int cap = 10;
        await using var api = new ApiFactory(infrastructure, "limits_tests", new Dictionary<string, string?>
        {
            ["Sessions:MaxActiveRunsPerUser"] = cap.ToString(),
        });
        var user = ApiFixture.NewUser();
        using var client = api.ClientFor(user);

        var creates = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            client.PostAsJsonAsync("/api/v1/sessions", new { prompt = $"burst {i}", taskType = "simple_query" }, _ct)));

        Assert.All(creates, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
        Assert.Equal(cap, creates.Count(r => r.StatusCode == HttpStatusCode.Created));

        var first = await creates.First(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(_ct);
        var enqueues = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostAsJsonAsync($"/api/v1/sessions/{first.Id()}/messages", new { prompt = $"more {i}", multitaskStrategy = "enqueue" }, _ct)));
        Assert.All(enqueues, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal(cap, await ActiveRunsAsync(api, user));
    }

    [Fact]
    public async Task One_users_burst_waits_its_turn_without_holding_connections_that_other_users_need()
    {
        // A pool of 3 connections and a 1 s wait for one: if each of the burst's requests held a connection while it
        // waited for the user's lock, the other user's list and create would time out (503).
        await using var api = new ApiFactory(infrastructure, "limits_tests", new Dictionary<string, string?>
        {
            ["Sessions:MaxActiveRunsPerUser"] = "5",
            ["Database:MaxPoolSize"] = "3",
            ["Database:TimeoutSeconds"] = "1",
        });
        using var client = api.ClientFor(ApiFixture.NewUser());
        using var other = api.ClientFor(ApiFixture.NewUser());
        (await other.GetAsync("/api/v1/sessions", _ct)).EnsureSuccessStatusCode();

        var burst = Enumerable.Range(0, 40).Select(i =>
            client.PostAsJsonAsync("/api/v1/sessions", new { prompt = $"burst {i}", taskType = "simple_query" }, _ct)).ToList();
        var otherList = other.GetAsync("/api/v1/sessions", _ct);
        var otherCreate = other.PostAsJsonAsync("/api/v1/sessions", new { prompt = "mine", taskType = "simple_query" }, _ct);
        var creates = await Task.WhenAll(burst);

        Assert.All(creates, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests }));
        Assert.Equal(5, creates.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(HttpStatusCode.OK, (await otherList).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await otherCreate).StatusCode);
    }

    private static async Task<int> ActiveRunsAsync(ApiFactory api, string user)
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentPlatform.Core.Persistence.AgentDbContext>();
        var sessions = db.Sessions.IgnoreQueryFilters().Where(s => s.OwnerId == user).Select(s => s.Id);
        return await db.Runs.IgnoreQueryFilters().CountAsync(r => r.Status == SessionStatus.Pending && sessions.Contains(r.SessionId), TestContext.Current.CancellationToken);
    }
}
