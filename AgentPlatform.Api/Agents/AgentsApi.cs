using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Agents;

/// <summary>One agent profile as <c>GET /agents</c> shows it.</summary>
public sealed record AgentProfileDto(TaskType TaskType, string Model, bool Planning, int MaxSteps, IReadOnlyList<string> Tools, string SystemPrompt);

public static class AgentsApi
{
    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/agents").RequireAuthorization().WithTags("Agents")
            .MapGet("/", List).WithName("ListAgents")
            .WithSummary("List the agent profiles, one per task type")
            .WithDescription("The model, tools, planning and step limit each task type runs with (from configuration section Agents).");
        return app;
    }

    public static Ok<IReadOnlyList<AgentProfileDto>> List(IOptions<AgentProfiles> profiles, AgentModels models)
    {
        var items = Enum.GetValues<TaskType>()
            .Select(t => (Type: t, Profile: profiles.Value.For(t)))
            .Select(p => new AgentProfileDto(p.Type, models.ModelFor(p.Type), p.Profile.Planning, p.Profile.MaxSteps, p.Profile.Tools, p.Profile.SystemPrompt))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<AgentProfileDto>>(items);
    }
}
