using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Api.Matrix;

/// <summary>
/// Every route both services map (their endpoint data sources: the Api's REST routes, SSE, WebSocket, the SignalR hub
/// and /metrics; the Worker's /admin, /hangfire and /metrics) against every kind of bad token, a user token on the admin
/// routes and a metrics token on everything else. Each refusal must be a problem-details 401 or 403, and the victim
/// whose id the bad tokens carry must find nothing created or changed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_route_refuses_every_bad_token_with_a_problem_and_changes_nothing()
    {
        var victim = ApiFixture.NewUser("matrix");
        using var owner = fixture.Client(victim);
        var session = await owner.CreateSessionAsync("the victim's session", _ct);
        await owner.WaitForStatusAsync(session.Id(), _ct, "completed", "incomplete", "failed");
        var before = await SnapshotAsync(owner, victim, session.Id());
        string Fill(string name) => name switch { "id" => session.Id(), "callId" => "call_1", "name" => "web_search", "path" => "jobs/succeeded", _ => "x" };
        var routes = MappedRoute.Of("api", fixture.Api.Services, Fill).Concat(MappedRoute.Of("worker", fixture.Worker.Services, Fill))
            .Where(r => !r.Anonymous).ToList();
        AssertCoverage(routes);

        var outcome = new MatrixOutcome();
        using var api = fixture.Api.CreateClient();
        using var worker = fixture.Worker.CreateClient();
        foreach (var route in routes)
        {
            var client = route.Service == "api" ? api : worker;
            foreach (var (kind, token) in BadTokens.For(victim))
            {
                outcome.Record(route, kind, 401, await SendAsync(client, route, token, inQuery: false));
                if (route.QueryToken && token is not null)
                {
                    outcome.Record(route, kind + " in ?access_token=", 401, await SendAsync(client, route, token, inQuery: true));
                }
            }

            if (route.IsAdmin)
            {
                outcome.Record(route, "user token", 403, await SendAsync(client, route, TestTokens.Create(victim), inQuery: false));
            }

            var metricsExpected = route.IsMetrics ? 200 : 403;
            outcome.Record(route, "metrics token", metricsExpected, await SendAsync(client, route, TestTokens.Metrics(), inQuery: false));
        }

        await ProbeRealConnectionsAsync(victim, session.Id(), outcome);

        ProofFigures.Report(outcome.Summary(routes.Count));
        Assert.True(outcome.Failures.Count == 0, string.Join("\n", outcome.Failures));
        Assert.Equal(before, await SnapshotAsync(owner, victim, session.Id()));
    }

    /// <summary>The routes the contract names must be among those found, or the data sources were read wrongly.</summary>
    private static void AssertCoverage(IReadOnlyList<MappedRoute> routes)
    {
        string[] expected =
        [
            "api POST /api/v1/sessions", "api GET /api/v1/sessions/{id}/events/stream", "api GET /ws/v1/sessions/{id}",
            "api POST /hubs/sessions/negotiate", "api GET /metrics", "api GET /api/v1/monitoring/stats", "worker GET /admin/queue",
            "worker GET /hangfire/{path}", "worker GET /metrics",
        ];
        var found = routes.Select(r => $"{r.Service} {r.Method} {r.Path}").ToList();
        var shapes = routes.Select(r => $"{r.Service} {r.Method} {r.Path.Split('?')[0]}").ToList();
        foreach (var name in expected)
        {
            var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(name).Replace(@"\{id}", "[0-9a-f-]{36}").Replace(@"\{path}", ".+") + "$";
            Assert.True(shapes.Any(s => System.Text.RegularExpressions.Regex.IsMatch(s, pattern)), $"{name} is not among the mapped routes: {string.Join(", ", found)}");
        }

        Assert.Contains(routes, r => r.IsAdmin && r.Service == "api");
        Assert.Contains(routes, r => r.QueryToken && r.Path.StartsWith("/hubs/", StringComparison.Ordinal));
    }

    private async Task<int> SendAsync(HttpClient client, MappedRoute route, string? token, bool inQuery)
    {
        var path = inQuery ? $"{route.Path}?access_token={Uri.EscapeDataString(token!)}" : route.Path;
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (token is not null && !inQuery)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (route.Method is "POST" or "PUT" or "PATCH")
        {
            // A body that would create or change something if the request got through.
            request.Content = new StringContent("""{"prompt":"matrix probe","taskType":"simple_query","multitaskStrategy":"enqueue","decision":"approve","steps":[{"title":"x"}],"approve":true}""",
                Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var status = (int)response.StatusCode;
        if (status is 401 or 403 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return -status;
        }

        return status;
    }

    /// <summary>The WebSocket and the hub as clients open them, not only their HTTP routes.</summary>
    private async Task ProbeRealConnectionsAsync(string victim, string sessionId, MatrixOutcome outcome)
    {
        var socket = new MappedRoute("api", "WebSocket", $"/ws/v1/sessions/{sessionId}", false, [], true);
        var hub = new MappedRoute("api", "SignalR", "/hubs/sessions", false, [], true);
        foreach (var (kind, token) in BadTokens.For(victim))
        {
            var ws = fixture.Api.Server.CreateWebSocketClient();
            var url = new Uri(fixture.Api.Server.BaseAddress, socket.Path + (token is null ? "" : $"?access_token={Uri.EscapeDataString(token)}"));
            var wsStatus = 101;
            try
            {
                using var connected = await ws.ConnectAsync(new Uri(url.ToString().Replace("http", "ws", StringComparison.Ordinal)), _ct);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("status code", StringComparison.Ordinal))
            {
                wsStatus = int.Parse(e.Message[(e.Message.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }

            outcome.Record(socket, kind, 401, wsStatus);

            await using var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(fixture.Api.Server.BaseAddress, hub.Path), o =>
                {
                    o.HttpMessageHandlerFactory = _ => fixture.Api.Server.CreateHandler();
                    o.Transports = HttpTransportType.LongPolling;
                    o.AccessTokenProvider = () => Task.FromResult(token);
                })
                .Build();
            var hubStatus = 200;
            try
            {
                await connection.StartAsync(_ct);
            }
            catch (HttpRequestException e) when (e.StatusCode is not null)
            {
                hubStatus = (int)e.StatusCode;
            }

            outcome.Record(hub, kind, 401, hubStatus);
        }
    }

    private async Task<string> SnapshotAsync(HttpClient owner, string victim, string sessionId)
    {
        var one = await owner.GetSessionAsync(sessionId, _ct);
        var list = await owner.GetFromJsonAsync<JsonElement>("/api/v1/sessions", _ct);
        var events = await owner.EventsAsync(sessionId, _ct);
        using var scope = fixture.Api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentPlatform.Core.Persistence.AgentDbContext>();
        // The hostile subjects start with the victim's id: a session stored under any of them is counted here.
        var stored = await db.Sessions.IgnoreQueryFilters().CountAsync(s => s.OwnerId.StartsWith(victim), _ct);
        var runs = await db.Runs.IgnoreQueryFilters().CountAsync(r => r.SessionId == Guid.Parse(sessionId), _ct);
        return $"{one} | {list.GetProperty("items").GetArrayLength()} listed | {events.Count} events | {stored} stored | {runs} runs";
    }
}
