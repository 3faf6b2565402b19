using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Streams;

/// <summary><c>GET /api/v1/sessions/{id}/events/stream</c>: the session's events as Server-Sent Events.</summary>
public static class ServerSentEventsStream
{
    public static async Task<Results<ServerSentEventsResult, ValidationProblem, ProblemHttpResult>> StreamAsync(
        string id,
        long? after,
        bool? untilRunCompleted,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        HttpContext http,
        EventStreamSource source,
        IOptions<StreamOptions> options)
    {
        if (!StreamsApi.TryCreateRequest(http, id, after, lastEventId, untilRunCompleted, out var request, out var problem))
        {
            return problem;
        }

        var subscription = await source.OpenAsync(request, http.Abort, http.RequestAborted);
        return subscription is null
            ? RouteIds.NotFound("Session", id)
            : new ServerSentEventsResult(subscription, options.Value.HeartbeatInterval);
    }
}
