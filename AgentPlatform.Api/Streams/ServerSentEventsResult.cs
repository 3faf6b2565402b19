using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text;
using AgentPlatform.Core.Events;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// Writes a subscription as <c>text/event-stream</c>: <c>id:</c> the seq (durable events only, so a browser's
/// Last-Event-ID is always a seq), <c>event:</c> the type, <c>data:</c> the event JSON; a comment every heartbeat
/// interval; a final <c>stream.end</c> message when the server ends the stream. It owns and disposes the subscription.
/// </summary>
public sealed class ServerSentEventsResult(EventSubscription subscription, TimeSpan heartbeat) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "text/event-stream";
    public const string EndEvent = "stream.end";

    private static readonly byte[] Heartbeat = Encoding.UTF8.GetBytes(": heartbeat\n\n");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using var _ = subscription;
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = response.BodyWriter;
        try
        {
            writer.Write(": connected\n\n"u8);
            if (!await FlushAsync(writer, ct))
            {
                return;
            }

            var events = subscription.Events;
            Task<bool>? waiting = null;
            Task? beat = null;
            while (true)
            {
                var wrote = false;
                while (events.TryRead(out var evt))
                {
                    WriteEvent(writer, evt.IsDurable ? evt.Seq!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null, evt.Type, evt.ToUtf8Json());
                    wrote = true;
                }

                if (wrote && !await FlushAsync(writer, ct))
                {
                    return;
                }

                waiting ??= events.WaitToReadAsync(ct).AsTask();
                beat ??= Task.Delay(heartbeat, ct);
                if (await Task.WhenAny(waiting, beat) == beat)
                {
                    await beat;
                    beat = null;
                    writer.Write(Heartbeat);
                    if (!await FlushAsync(writer, ct))
                    {
                        return;
                    }

                    continue;
                }

                if (!await waiting)
                {
                    break;
                }

                waiting = null;
            }

            if (subscription.End is { } end)
            {
                WriteEvent(writer, null, EndEvent, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(end, JsonDefaults.Options));
                await FlushAsync(writer, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static void WriteEvent(PipeWriter writer, string? id, string type, byte[] json)
    {
        if (id is not null)
        {
            writer.Write("id: "u8);
            writer.Write(Encoding.UTF8.GetBytes(id));
            writer.Write("\n"u8);
        }

        writer.Write("event: "u8);
        writer.Write(Encoding.UTF8.GetBytes(type));
        writer.Write("\ndata: "u8);
        writer.Write(json);
        writer.Write("\n\n"u8);
    }

    /// <returns>False when the client is gone.</returns>
    private static async Task<bool> FlushAsync(PipeWriter writer, CancellationToken ct)
    {
        var result = await writer.FlushAsync(ct);
        return !result.IsCompleted && !result.IsCanceled;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EventEnvelope), [ContentType]));
}
