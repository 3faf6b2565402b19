using System.Net.WebSockets;
using AgentPlatform.Core.Events;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// <c>GET /ws/v1/sessions/{id}</c>: the session's events over a plain WebSocket, one event JSON per text frame. The
/// server closes with a code and the reason's wire name when it ends the stream (see <see cref="CloseStatusOf"/>).
/// </summary>
public static class WebSocketStream
{
    /// <summary>Close code for <see cref="StreamEndReason.SubscriberTooSlow"/> (an application code: 4000-4999).</summary>
    public const WebSocketCloseStatus TooSlow = (WebSocketCloseStatus)4000;

    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> ConnectAsync(
        string id, long? after, bool? untilRunCompleted, HttpContext http, EventStreamSource source, IOptions<StreamOptions> options)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected",
                detail: "This endpoint speaks WebSocket only: send an upgrade request.");
        }

        if (!StreamsApi.TryCreateRequest(http, id, after, null, untilRunCompleted, out var request, out var problem))
        {
            return problem;
        }

        await using var subscription = await source.OpenAsync(request, http.Abort, http.RequestAborted);
        if (subscription is null)
        {
            return RouteIds.NotFound("Session", id);
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        try
        {
            await SendAsync(socket, subscription, options.Value.CloseTimeout, http.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away, or the connection was aborted after a stream end it did not take.
        }

        return TypedResults.Empty;
    }

    public static WebSocketCloseStatus CloseStatusOf(StreamEndReason reason) => reason switch
    {
        StreamEndReason.RunCompleted => WebSocketCloseStatus.NormalClosure,
        StreamEndReason.SubscriberTooSlow => TooSlow,
        StreamEndReason.AccessExpired => WebSocketCloseStatus.PolicyViolation,
        StreamEndReason.ServerStopping => WebSocketCloseStatus.EndpointUnavailable,
        _ => WebSocketCloseStatus.InternalServerError,
    };

    private static async Task SendAsync(WebSocket socket, EventSubscription subscription, TimeSpan closeTimeout, CancellationToken ct)
    {
        var closed = ReceiveUntilCloseAsync(socket, ct);
        var events = subscription.Events;
        Task<bool>? waiting = null;
        while (true)
        {
            while (events.TryRead(out var evt))
            {
                await socket.SendAsync(evt.ToUtf8Json(), WebSocketMessageType.Text, endOfMessage: true, ct);
            }

            waiting ??= events.WaitToReadAsync(ct).AsTask();
            if (await Task.WhenAny(waiting, closed) == closed)
            {
                // The client closed (or vanished): answer its close and stop.
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                }

                return;
            }

            if (!await waiting)
            {
                break;
            }

            waiting = null;
        }

        if (subscription.End is { } end)
        {
            await socket.CloseOutputAsync(CloseStatusOf(end.Reason), JsonDefaults.Wire(end.Reason), ct);
            try
            {
                await closed.WaitAsync(closeTimeout, ct);
            }
            catch (TimeoutException)
            {
                // The client did not answer the close; disposing the socket ends the connection.
            }
        }
    }

    private static async Task ReceiveUntilCloseAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[512];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Gone without a close frame.
        }
    }
}
