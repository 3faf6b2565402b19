using System.Collections.Concurrent;
using System.Net.Http.Headers;
using AgentPlatform.AppHost.Infrastructure;

namespace AgentPlatform.Bench.Capacity;

/// <summary>Creates sessions through the Api, open loop: on a fixed schedule, whatever the answers' latency.</summary>
public sealed class SessionLoad(Uri api, CapacitySettings settings) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private int _created;

    public int Failures { get; private set; }

    /// <summary>One session for <paramref name="user"/>.</summary>
    public async Task<Guid?> CreateAsync(string user, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                prompt = settings.Prompt(Interlocked.Increment(ref _created)), taskType = "general", tokenBudget = 200_000, maxSteps = 200,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            _tokens.GetOrAdd(user, u => DevTokens.Create(BenchApi.SigningKey, u, admin: false, TimeSpan.FromHours(4))));
        try
        {
            using var response = await _http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                Failures++;
                return null;
            }

            using var json = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            return json.RootElement.GetProperty("id").GetGuid();
        }
        catch (HttpRequestException)
        {
            Failures++;
            return null;
        }
    }

    /// <summary>Sessions at <paramref name="perSecond"/> for <paramref name="duration"/>, spread over the users round robin.</summary>
    public async Task<List<Guid>> OfferAsync(double perSecond, TimeSpan duration, IReadOnlyList<string> users, CancellationToken ct)
    {
        var count = (int)Math.Round(perSecond * duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        List<Task<Guid?>> creates = [];
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            creates.Add(CreateAsync(users[i % users.Count], ct));
        }

        return [.. (await Task.WhenAll(creates)).OfType<Guid>()];
    }

    /// <summary>As many as the Api takes, 32 at a time.</summary>
    public async Task<List<Guid>> BurstAsync(int count, IReadOnlyList<string> users, CancellationToken ct)
    {
        var ids = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (i, token) =>
        {
            if (await CreateAsync(users[i % users.Count], token) is { } id)
            {
                ids.Add(id);
            }
        });
        return [.. ids];
    }

    public void Dispose() => _http.Dispose();
}
