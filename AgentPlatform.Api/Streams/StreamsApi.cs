using System.Globalization;
using Microsoft.AspNetCore.Authentication;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// The live event streams: Server-Sent Events and a plain WebSocket per session, and the SignalR hub. All three replay
/// the durable log after a seq and go live from the same <see cref="EventStreamSource"/>; all need a token (header, or
/// <c>?access_token=</c> for browsers).
/// </summary>
public static class StreamsApi
{
    public const string HubPath = "/hubs/sessions";

    public static IEndpointRouteBuilder MapEventStreams(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/sessions/{id}/events/stream", ServerSentEventsStream.StreamAsync).RequireAuthorization().WithTags("Sessions")
            .WithMetadata(QueryTokenAllowed.Instance)
            .WithName("StreamSessionEvents")
            .WithSummary("Stream the session's events as Server-Sent Events")
            .WithDescription("Replays the durable events after `after` (or the Last-Event-ID header, which wins), then sends new ones live. " +
                             "Each SSE message has `id:` the seq (none for ephemeral events), `event:` the type and `data:` the event JSON; " +
                             "comments are heartbeats. With untilRunCompleted=true the stream ends after the next run.completed. " +
                             "The server ends a stream with a `stream.end` message {sessionId, reason, lastSeq}: reason is run_completed, " +
                             "subscriber_too_slow, access_expired, server_stopping or unavailable; reconnect with after=lastSeq.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        // A WebSocket upgrade is not an operation OpenAPI can describe.
        app.MapGet("/ws/v1/sessions/{id}", WebSocketStream.ConnectAsync).RequireAuthorization().WithMetadata(QueryTokenAllowed.Instance)
            .ExcludeFromDescription();
        app.MapHub<SessionsHub>(HubPath, o =>
        {
            o.AllowStatefulReconnects = true;
            o.CloseOnAuthenticationExpiration = true;
        }).RequireAuthorization().WithMetadata(QueryTokenAllowed.Instance);
        return app;
    }

    /// <summary>Validates the route and query of an SSE or WebSocket stream request.</summary>
    internal static bool TryCreateRequest(
        HttpContext http, string id, long? after, string? lastEventId, bool? untilRunCompleted, out StreamRequest request, out ValidationProblem problem)
    {
        request = null!;
        if (!RouteIds.TryParse(id, out var sessionId, out problem))
        {
            return false;
        }

        var errors = new Dictionary<string, string[]>();
        var from = after ?? 0;
        if (!string.IsNullOrEmpty(lastEventId))
        {
            if (long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var last))
            {
                from = last;
            }
            else
            {
                errors["Last-Event-ID"] = ["Last-Event-ID must be the seq of an event."];
            }
        }

        if (from < 0)
        {
            errors["after"] = ["after must be 0 or more."];
        }

        if (errors.Count > 0)
        {
            problem = TypedResults.ValidationProblem(errors);
            return false;
        }

        var owner = http.User.FindFirst("sub")?.Value ?? "";
        var expires = http.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;
        request = new StreamRequest(sessionId, owner, from, untilRunCompleted ?? false, expires);
        return true;
    }
}
