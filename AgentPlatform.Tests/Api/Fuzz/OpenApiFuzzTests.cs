using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Api.Fuzz;

/// <summary>
/// Every operation of the Api's OpenAPI document, fuzzed with CsCheck from a fixed seed: at least 100 generated requests
/// each (<c>PROOF_FUZZ_CASES</c> for more, <c>PROOF_FUZZ_SEED</c> for another sequence). No answer may be a 5xx, every
/// 4xx is problem details, and a refused request creates no session and no run of the fuzzing user.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiFuzzTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("PROOF_FUZZ_CASES"), out var n) && n > 0 ? n : 100;

    private static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("PROOF_FUZZ_SEED"), out var s) ? s : 20261201;

    [Fact]
    public async Task No_generated_request_is_a_5xx_every_4xx_is_a_problem_and_a_refused_one_creates_nothing()
    {
        using var anonymous = fixture.Client(null);
        var operations = FuzzOperation.Read(await anonymous.GetStringAsync("/openapi/v1.json", _ct));
        Assert.True(operations.Count >= 10, $"only {operations.Count} operations in the document");
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var slowest = new ConcurrentDictionary<string, TimeSpan>();
        var byOperation = new ConcurrentDictionary<string, int>();

        // Operations run side by side (one user each); each one's cases in order, so before/after counts are its own.
        await Parallel.ForEachAsync(operations.Select((operation, index) => (operation, index)), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = _ct },
            async (item, ct) =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await FuzzAsync(item.operation, (uint)item.index + 1, failures, statuses, byOperation, ct);
                slowest[item.operation.ToString()] = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            });

        ProofFigures.Report($"fuzzing: {operations.Count} operations × {Cases} cases = {operations.Count * Cases} requests (seed {Seed}); statuses "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")) + $"; {failures.Count} failures; slowest operations "
            + string.Join(", ", slowest.OrderByDescending(s => s.Value).Take(3).Select(s => $"{s.Key} {s.Value.TotalSeconds:0.0} s")));
        ProofFigures.Report("fuzzing by operation: " + string.Join(", ", byOperation.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} ×{s.Value}")));
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(30)));
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);
    }

    private async Task FuzzAsync(FuzzOperation operation, uint stream, ConcurrentQueue<string> failures, ConcurrentDictionary<int, int> statuses, ConcurrentDictionary<string, int> byOperation, CancellationToken ct)
    {
        var user = ApiFixture.NewUser("fuzz");
        using var client = fixture.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(user, admin: operation.Path.Contains("monitoring", StringComparison.Ordinal) || operation.Path.EndsWith("/reset", StringComparison.Ordinal)));
        var own = await client.CreateSessionAsync("the fuzzing user's own session", ct);
        await client.PostAsync($"/api/v1/sessions/{own.Id()}/stop", null, ct);
        var generator = FuzzRequests.For(operation, own.Id());
        var pcg = new PCG(stream, Seed);
        var before = await CountAsync(user, ct);
        for (var i = 0; i < Cases; i++)
        {
            var request = generator.Generate(pcg, null, out _);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            byOperation.AddOrUpdate($"{operation} {status}", 1, (_, n) => n + 1);
            var after = await CountAsync(user, ct);
            var failure = status switch
            {
                >= 500 => $"{status}",
                >= 400 when response.Content.Headers.ContentType?.MediaType != "application/problem+json" => $"{status} as {response.Content.Headers.ContentType}",
                >= 400 when after != before => $"{status} but it created something ({before} before, {after} after)",
                _ => null,
            };
            before = after;
            if (failure is not null)
            {
                var body = status >= 500 ? await response.Content.ReadAsStringAsync(ct) : "";
                failures.Enqueue($"{operation} case {i} (stream {stream}, seed {Seed}): {failure} for {request} {body[..Math.Min(body.Length, 400)]}");
            }

            if (status is 201 or 202 && operation.Method == "POST" && response.Headers.Location is { } created)
            {
                // Keep the shared Worker free for the other tests: a session the fuzzer created stops at once.
                await client.PostAsync(created + "/stop", null, ct);
            }
        }
    }

    private async Task<string> CountAsync(string user, CancellationToken ct)
    {
        using var scope = fixture.Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentPlatform.Core.Persistence.AgentDbContext>();
        var sessions = db.Sessions.IgnoreQueryFilters().Where(s => s.OwnerId == user).Select(s => s.Id);
        // One round trip: each of the user's sessions with its number of runs.
        var runs = await sessions.Select(id => db.Runs.IgnoreQueryFilters().Count(r => r.SessionId == id)).ToListAsync(ct);
        return string.Create(CultureInfo.InvariantCulture, $"{runs.Count} sessions, {runs.Sum()} runs");
    }
}
