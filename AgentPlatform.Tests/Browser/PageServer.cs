using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.Tests.Browser;

/// <summary>
/// Serves the test page and the SignalR browser client on a loopback port of its own: another origin than the Api,
/// as a frontend is, so the browser's CORS checks run for real.
/// </summary>
public sealed class PageServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PageServer(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port, without a trailing slash (a CORS origin).</summary>
    public string Origin { get; private set; } = "";

    public static async Task<PageServer> StartAsync(CancellationToken ct)
    {
        var page = BrowserAssets.Page;
        var client = BrowserAssets.SignalRClient;
        var app = LoopbackApp.Create();
        app.MapGet("/", () => Results.File(page, "text/html; charset=utf-8"));
        app.MapGet("/signalr.min.js", () => Results.File(client, "text/javascript; charset=utf-8"));
        await app.StartAsync(ct);
        return new PageServer(app) { Origin = app.Services.ListeningAddress().GetLeftPart(UriPartial.Authority) };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
