using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Api;

/// <summary>
/// A burst of creates from many users on an Api of its own (no Worker, so every accepted run stays active): every
/// answer is 201 or 429 (with Retry-After) or 503, each user's cap holds exactly, a retried Idempotency-Key makes no
/// duplicate, and /alive keeps answering. <c>PROOF_BURST_CREATES</c> sets the size (default 200; the figure
/// is 500 from 20 users).
/// </summary>
public sealed class BurstTests(LocalInfrastructure infrastructure)
{
    private const int Cap = 5;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_creates_from_many_users_answers_201_429_or_503_and_the_cap_holds_exactly()
    {
        var creates = int.TryParse(Environment.GetEnvironmentVariable("PROOF_BURST_CREATES"), out var n) ? n : 200;
        const int users = 20;
        await using var api = new ApiFactory(infrastructure, "burst_tests", new Dictionary<string, string?>
        {
            ["Sessions:MaxActiveRunsPerUser"] = Cap.ToString(),
        });
        var names = Enumerable.Range(0, users).Select(_ => ApiFixture.NewUser("burst")).ToArray();
        var clients = names.Select(u => api.ClientFor(u)).ToArray();
        using var probe = api.ClientFor(null);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/alive", _ct)).StatusCode);

        var aliveTimes = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var alive = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var response = await probe.GetAsync("/alive", _ct);
                aliveTimes.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await Task.Delay(20, _ct);
            }
        }, _ct);

        var statuses = new ConcurrentBag<HttpStatusCode>();
        var missingRetryAfter = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, creates), new ParallelOptions { MaxDegreeOfParallelism = 40, CancellationToken = _ct }, async (i, ct) =>
        {
            var client = clients[i % users];
            var key = $"burst-{i}";
            var body = new { prompt = $"burst {i}", taskType = "simple_query" };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request, ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null)
            {
                Interlocked.Increment(ref missingRetryAfter);
            }

            if (response.StatusCode == HttpStatusCode.Created)
            {
                // A client that lost the answer retries with the same key: the first session comes back, none is added.
                using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = JsonContent.Create(body) };
                retry.Headers.Add("Idempotency-Key", key);
                var again = await client.SendAsync(retry, ct);
                Assert.Equal(HttpStatusCode.Created, again.StatusCode);
                Assert.True(again.Headers.Contains("Idempotent-Replayed"));
            }
        });
        await stop.CancelAsync();
        await alive;

        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable }));
        Assert.Equal(0, missingRetryAfter);
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentPlatform.Core.Persistence.AgentDbContext>();
        var perUser = await db.Sessions.IgnoreQueryFilters().Where(s => names.Contains(s.OwnerId))
            .GroupBy(s => s.OwnerId).Select(g => g.Count()).ToListAsync(_ct);
        Assert.Equal(users, perUser.Count);
        Assert.All(perUser, count => Assert.Equal(Cap, count));
        Assert.Equal(users * Cap, statuses.Count(s => s == HttpStatusCode.Created));
        var sorted = aliveTimes.Order().ToList();
        var p95 = sorted[(int)(0.95 * (sorted.Count - 1))];
        TestContext.Current.TestOutputHelper?.WriteLine($"burst: {creates} creates, {statuses.Count(s => s == HttpStatusCode.Created)} created, " +
            $"{statuses.Count(s => s == HttpStatusCode.TooManyRequests)} 429, {statuses.Count(s => s == HttpStatusCode.ServiceUnavailable)} 503; " +
            $"/alive p95 {p95:F0} ms, max {sorted[^1]:F0} ms over {sorted.Count} probes");
        Assert.True(p95 < 100, $"/alive p95 was {p95:F0} ms during the burst");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
