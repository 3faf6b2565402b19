using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

/// <summary>
/// With its own PostgreSQL and Redis, since it stops them: a dependency failure on a request path is a fast 503
/// problem with Retry-After that created nothing, and the Api recovers without a restart (issue #12, findings 5 and 7).
/// </summary>
public sealed class DependencyOutageTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(4);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_paused_and_postgres_stopped_answer_fast_503s_that_create_nothing_and_the_api_recovers()
    {
        await using var infrastructure = new LocalInfrastructure();
        await infrastructure.InitializeAsync();
        await using var api = new ApiFactory(infrastructure, "outage_api_tests");
        var user = ApiFixture.NewUser();
        using var client = api.ClientFor(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tools", _ct)).StatusCode);

        await infrastructure.PauseRedisAsync();
        try
        {
            var (tools, toolsTime) = await TimedAsync(() => client.GetAsync("/api/v1/tools", _ct));
            await AssertUnavailableAsync(tools, toolsTime);
        }
        finally
        {
            await infrastructure.ResumeRedisAsync();
        }

        await Poll.UntilAsync(() => client.GetAsync("/api/v1/tools", _ct), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), _ct);

        await infrastructure.StopPostgresAsync();
        try
        {
            var (create, createTime) = await TimedAsync(() => client.PostAsJsonAsync("/api/v1/sessions", new { prompt = "during the outage" }, _ct));
            await AssertUnavailableAsync(create, createTime);
            var (list, listTime) = await TimedAsync(() => client.GetAsync("/api/v1/sessions", _ct));
            await AssertUnavailableAsync(list, listTime);
        }
        finally
        {
            await infrastructure.StartPostgresAsync();
        }

        var after = await Poll.UntilAsync(() => client.GetAsync("/api/v1/sessions", _ct), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20), _ct);
        var sessions = await after.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Empty(sessions.GetProperty("items").EnumerateArray());
        await client.CreateSessionAsync("after the outage", _ct);
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(Func<Task<HttpResponseMessage>> call)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        return (response, watch.Elapsed);
    }

    private async Task AssertUnavailableAsync(HttpResponseMessage response, TimeSpan elapsed)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.True(elapsed < Fast, $"the 503 took {elapsed.TotalSeconds:F1} s");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
    }
}
