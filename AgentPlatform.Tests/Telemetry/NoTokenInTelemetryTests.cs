using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace AgentPlatform.Tests.Telemetry;

/// <summary>
/// A full run (create with a bearer token, watch over SSE and a WebSocket with <c>?access_token=</c>, answer with a
/// follow-up, complete) on an Api and a Worker logging at Trace level; every span and log record both export, and
/// both services' /metrics, are searched for the token and for its signature alone.
/// </summary>
public sealed class NoTokenInTelemetryTests(LocalInfrastructure infrastructure)
{
    // Fails as it should with OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION=true (the stream
    // requests' url.query then holds the token).
    [Fact]
    public async Task No_exported_span_log_record_or_metric_holds_the_bearer_token()
    {
        // Each step is bounded: a stream that never ends fails the test instead of hanging the suite.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromMinutes(2));
        var ct = bounded.Token;
        var capture = new TelemetryCapture();
        void Export(IWebHostBuilder b) => b.ConfigureTestServices(s => s
            .ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new SimpleActivityExportProcessor(capture.SpanExporter)))
            .ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new SimpleLogRecordExportProcessor(capture.LogExporter))));
        var everything = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace" };
        await using var api = new ApiFactory(infrastructure, "telemetry_tests", everything);
        await using var worker = new WorkerFactory(infrastructure, "telemetry_tests", 200, everything);
        await using var tracedApi = api.WithWebHostBuilder(Export);
        await using var tracedWorker = worker.WithWebHostBuilder(Export);
        var token = TestTokens.Create(ApiFixture.NewUser("telemetry"));
        // The Api first: it migrates the test database, and the Worker's start waits for that (MigrationsGate).
        using var client = tracedApi.CreateClient();
        using var workerClient = tracedWorker.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var browser = tracedApi.CreateClient();

        var session = await client.CreateSessionAsync("Tell me something", ct);
        var sse = await browser.GetStringAsync($"/api/v1/sessions/{session.Id()}/events/stream?untilRunCompleted=true&access_token={token}", ct);
        await client.WaitForStatusAsync(session.Id(), ct, "completed");
        var answer = await client.PostAsJsonAsync($"/api/v1/sessions/{session.Id()}/messages", new { prompt = "And one more thing" }, ct);
        answer.EnsureSuccessStatusCode();
        var frames = await WatchOverWebSocketAsync(tracedApi.Server, session.Id(), token, ct);
        await client.WaitForStatusAsync(session.Id(), ct, "completed");
        using var scraper = tracedApi.CreateClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Metrics());
        var metrics = await scraper.GetStringAsync("/metrics", ct) + await ScrapeAsync(workerClient, ct);

        Assert.Contains("run.completed", sse, StringComparison.Ordinal);
        Assert.True(frames > 2, $"the WebSocket delivered {frames} frames");
        // The stream requests were traced with their query (redacted): the search below reads the attribute that would leak.
        await Poll.UntilAsync(() => Task.FromResult(capture.Spans.Count(s => s.Contains("access_token", StringComparison.Ordinal))), n => n >= 2, TimeSpan.FromSeconds(10), ct);
        Assert.Contains(capture.Logs, l => l.Contains(session.Id(), StringComparison.Ordinal));
        Assert.True(capture.Logs.Count > 100 && capture.Spans.Count > 10, $"only {capture.Logs.Count} log records and {capture.Spans.Count} spans were exported");
        var signature = token.Split('.')[2];
        foreach (var secret in new[] { token, signature })
        {
            var leaks = capture.Spans.Concat(capture.Logs).Append(metrics).Where(t => t.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{leaks.Count} exported items hold the token, e.g. {leaks.FirstOrDefault()}");
        }

        ProofFigures.Report($"telemetry: {capture.Spans.Count} spans, {capture.Logs.Count} log records and both /metrics scrapes of a full run searched, 0 hold the token");
    }

    private static async Task<string> ScrapeAsync(HttpClient worker, CancellationToken ct)
    {
        worker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Metrics());
        return await worker.GetStringAsync("/metrics", ct);
    }

    private static async Task<int> WatchOverWebSocketAsync(TestServer server, string sessionId, string token, CancellationToken ct)
    {
        var uri = new Uri(server.BaseAddress, $"/ws/v1/sessions/{sessionId}?untilRunCompleted=true&access_token={token}");
        using var socket = await server.CreateWebSocketClient().ConnectAsync(new UriBuilder(uri) { Scheme = "ws" }.Uri, ct);
        var buffer = new byte[64 * 1024];
        var frames = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return frames;
            }

            frames += received.EndOfMessage ? 1 : 0;
        }
    }
}
