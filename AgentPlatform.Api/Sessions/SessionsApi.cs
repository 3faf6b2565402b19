namespace AgentPlatform.Api.Sessions;

/// <summary>The sessions endpoints: commands change state through the aggregate, queries read no-tracking projections.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sessions").RequireAuthorization().WithTags("Sessions");
        var one = group.MapGroup("/{id}").ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem()
            .AddEndpointFilter<SessionScopeFilter>();

        group.MapPost("/", SessionCommands.CreateAsync).WithName("CreateSession")
            .WithSummary("Create a session and queue its first run")
            .WithDescription("Stores the session, queues its first run for a Worker and answers at once with the session (status pending). " +
                             "An Idempotency-Key header makes a retry with the same body return the first answer; the same key with another body is refused with 422.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", SessionQueries.ListAsync).WithName("ListSessions")
            .WithSummary("List the caller's sessions, newest first")
            .WithDescription("Filter by status and taskType; page with limit (1 to 100, default 20) and the opaque nextCursor of the previous page.");
        one.MapGet("/", SessionQueries.GetAsync).WithName("GetSession")
            .WithSummary("Get one of the caller's sessions")
            .WithDescription("Another user's session answers 404, as an unknown id does.");
        one.MapPost("/messages", SessionCommands.SendMessageAsync).WithName("SendMessage")
            .WithSummary("Send a follow-up prompt (or the answer to input.requested)")
            .WithDescription("Starts a new run that sees the conversation so far. While a run is active, multitaskStrategy decides: " +
                             "reject (default; 409 naming the active run), enqueue (runs after it) or interrupt (stops it, then runs). " +
                             "While the session is waiting_for_input, the prompt is the answer and the waiting run resumes.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        one.MapPost("/stop", SessionCommands.StopAsync).WithName("StopSession")
            .WithSummary("Stop the active or queued run")
            .WithDescription("A queued run is cancelled before any work; a processing run is cancelled by its Worker and ends stopped/cancelled. " +
                             "Repeating it, or stopping a finished session, changes nothing and returns the session.");
        one.MapGet("/events", SessionQueries.EventsAsync).WithName("ListSessionEvents")
            .WithSummary("Read the session's durable events after a sequence number")
            .WithDescription("Events in seq order after `after` (default 0), at most `limit` (1 to 1000, default 100). nextAfter is the seq to ask after next.");
        return app;
    }
}
