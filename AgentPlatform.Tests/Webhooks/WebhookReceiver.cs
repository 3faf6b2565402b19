using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>
/// A real HTTP receiver on 127.0.0.1: records every webhook it gets (headers and the raw body) and answers as
/// <see cref="Behaviour"/> says for each attempt (500, a reply slower than the sender's timeout, or 204).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Given the path and how many requests with this webhook-id came before: what to do.</summary>
    public Func<string, int, Reply> Behaviour { get; set; } = (_, _) => Reply.Ok;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public Uri Address { get; private set; } = null!;

    /// <summary>Starts listening on <paramref name="port"/> (0 for any free one).</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/{**path}", receiver.HandleAsync);
        await receiver._app.StartAsync();
        receiver.Address = receiver._app.Services.ListeningAddress();
        return receiver;
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public List<ReceivedWebhook> For(string path) => Received.Where(r => r.Path == path).ToList();

    private async Task HandleAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var id = http.Request.Headers["webhook-id"].ToString();
        var before = Received.Count(r => r.Id == id);
        var path = http.Request.Path.Value!;
        Received.Enqueue(new ReceivedWebhook(path, id, http.Request.Headers["webhook-timestamp"].ToString(),
            http.Request.Headers["webhook-signature"].ToString(), http.Request.ContentType, body.ToArray(), DateTimeOffset.UtcNow));
        switch (Behaviour(path, before))
        {
            case Reply.ServerError:
                http.Response.StatusCode = 500;
                break;
            case Reply.Slow:
                await Task.Delay(TimeSpan.FromSeconds(3));
                http.Response.StatusCode = 204;
                break;
            default:
                http.Response.StatusCode = 204;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public enum Reply
    {
        Ok,
        ServerError,
        Slow,
    }
}

public sealed record ReceivedWebhook(string Path, string Id, string Timestamp, string Signature, string? ContentType, byte[] Body, DateTimeOffset At);
