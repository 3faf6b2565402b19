namespace AgentPlatform.Api.Approvals;

/// <summary>Decisions on tool calls that a profile holds for approval (<c>RequireApproval</c>).</summary>
public static class ApprovalsApi
{
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/sessions/{id}").RequireAuthorization().WithTags("Sessions").AddEndpointFilter<SessionScopeFilter>()
            .MapPost("/approvals/{callId}", DecideAsync).WithName("DecideApproval")
            .WithSummary("Approve or deny a tool call that waits for approval")
            .WithDescription("decision approve runs the call, with arguments instead of the model's when given (validated against the tool's " +
                             "JSON schema: a bad one is a 400 naming the field); deny does not run it, and the model is told it was denied and why. " +
                             "approval.resolved is written; when no held call of the turn is left undecided, the run resumes on any Worker. " +
                             "An unknown call (or another user's session) is 404; a second decision, or one for a run that no longer waits, is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Accepted<SessionDto>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string id, string callId, DecideApprovalRequest request, [AsParameters] SessionServices services, CancellationToken ct)
    {
        if (!RouteIds.TryParse(id, out var sessionId, out var badId))
        {
            return badId;
        }

        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var current = await services.Db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (current is null)
        {
            return RouteIds.NotFound("Session", id);
        }

        var held = current.Approvals.FirstOrDefault(a => a.CallId == callId) ?? throw new UnknownApprovalException(sessionId, callId);
        if (request.EditedArguments is { } edited && !held.IsDecided && held.Schema is { } schema
            && ToolArgumentsValidator.Validate(schema, edited) is { Count: > 0 } invalid)
        {
            return TypedResults.ValidationProblem(invalid, detail: $"The edited arguments do not match the schema of {held.Tool}.");
        }

        var resumed = false;
        var session = await services.Db.UpdateSessionAsync(sessionId, s =>
            resumed = s.ResolveApproval(callId, request.Decision!.Value, request.EditedArguments, request.Reason, services.Clock.GetUtcNow()), ct);
        if (resumed)
        {
            services.Outbox.Resume(held.RunId);
        }

        return TypedResults.Accepted($"/api/v1/sessions/{sessionId}", SessionDto.From(session!));
    }
}
