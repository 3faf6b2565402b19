using System.Security.Claims;
using AgentPlatform.Core.Jobs;
using AgentPlatform.Core.Llm;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Sessions;

/// <summary>The sessions endpoints: commands go through the aggregate, queries read no-tracking projections.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sessions").RequireAuthorization().WithTags("Sessions");
        group.MapPost("/", CreateSession)
            .WithName("CreateSession")
            .WithSummary("Create a session and queue its first run")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/{id:guid}", GetSession)
            .WithName("GetSession")
            .WithSummary("Get one of the caller's sessions")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Results<Created<SessionDto>, ValidationProblem>> CreateSession(
        CreateSessionRequest request, [AsParameters] SessionServices services, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var options = services.Options.Value;
        var session = Session.Create(
            user.FindFirstValue("sub")!,
            request.Prompt!,
            request.TaskType ?? TaskType.General,
            request.TokenBudget ?? options.DefaultTokenBudget,
            request.MaxSteps ?? options.DefaultMaxSteps,
            services.ModelName,
            services.Clock.GetUtcNow());
        services.Db.Sessions.Add(session);
        await services.Db.SaveChangesAsync(ct);

        var run = session.Runs[0];
        run.AssignJob(services.Jobs.Enqueue<IRunAgentJob>(j => j.ExecuteAsync(run.Id, CancellationToken.None)));
        await services.Db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/sessions/{session.Id}", SessionDto.From(session));
    }

    public static async Task<Results<Ok<SessionDto>, NotFound>> GetSession(Guid id, AgentDbContext db, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return session is null ? TypedResults.NotFound() : TypedResults.Ok(SessionDto.From(session));
    }
}

/// <summary>What the session commands need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record SessionServices(
    AgentDbContext Db, IBackgroundJobClient Jobs, IOptions<SessionDefaults> Options, TimeProvider Clock, IConfiguration Configuration)
{
    public string ModelName => LlmConnection.Parse(Configuration.GetConnectionString(ResourceNames.Llm))?.Model ?? LlmConnection.SimulatedModel;
}
