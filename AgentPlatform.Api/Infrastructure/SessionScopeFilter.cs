using System.Diagnostics;

namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// On routes with a session id: the id as a tag (and baggage) on the request's span and as a scope on every log line
/// the request writes.
/// </summary>
internal sealed class SessionScopeFilter(ILogger<SessionScopeFilter> logger) : IEndpointFilter
{
    public const string SessionIdTag = "agentplatform.session_id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.Request.RouteValues.TryGetValue("id", out var value) && Guid.TryParse(value?.ToString(), out var sessionId))
        {
            Activity.Current?.SetTag(SessionIdTag, sessionId.ToString()).SetBaggage(SessionIdTag, sessionId.ToString());
            using (logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = sessionId }))
            {
                return await next(context);
            }
        }

        return await next(context);
    }
}
