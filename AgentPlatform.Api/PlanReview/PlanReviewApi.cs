using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.PlanReview;

/// <summary>Plan review: a profile with <c>ReviewPlan</c> waits after planning until the user approves the plan.</summary>
public static class PlanReviewApi
{
    public static IEndpointRouteBuilder MapPlanReviewApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/sessions/{id}").RequireAuthorization().WithTags("Sessions").AddEndpointFilter<SessionScopeFilter>()
            .MapPut("/plan", ReviewAsync).WithName("ReviewPlan")
            .WithSummary("Edit and approve the plan a run waits on")
            .WithDescription("While the session waits with pendingInput kind plan: the steps (1 to the profile's maxSteps, titles 1 to 200 " +
                             "characters) replace the planner's, plan.updated is written with by user, and the run executes exactly these steps. " +
                             "A follow-up message approves the plan as is instead. 409 when no plan waits for review.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Accepted<SessionDto>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        string id, ReviewPlanRequest request, [AsParameters] SessionServices services, IOptions<AgentProfiles> profiles, CancellationToken ct)
    {
        if (!RouteIds.TryParse(id, out var sessionId, out var badId))
        {
            return badId;
        }

        var current = await services.Db.Sessions.AsNoTracking().IgnoreAutoIncludes().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (current is null)
        {
            return RouteIds.NotFound("Session", id);
        }

        var errors = request.Validate(profiles.Value.For(current.TaskType).MaxSteps);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        Guid runId = default;
        var session = await services.Db.UpdateSessionAsync(sessionId, s => runId = s.ApprovePlan(request.Titles, services.Clock.GetUtcNow()).Id, ct);
        services.Outbox.Resume(runId);
        return TypedResults.Accepted($"/api/v1/sessions/{sessionId}", SessionDto.From(session!));
    }
}
