using AgentPlatform.Api.Tools;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentPlatform.Api.Agents;

/// <summary>
/// One agent profile as <c>GET /agents</c> shows it. <see cref="Tools"/> is the resolved list: each name of the
/// profile, and for a <c>&lt;server&gt;__*</c> pattern the tools the live Workers publish for that MCP server now;
/// <see cref="ConfiguredTools"/> is the profile's list as configured. <see cref="RequireApproval"/> lists the tool names
/// and <c>&lt;server&gt;__*</c> patterns whose calls wait for a person's approval, as configured; <see cref="ReviewPlan"/>
/// says whether a run waits for the user to approve its plan.
/// </summary>
public sealed record AgentProfileDto(
    TaskType TaskType, string Model, bool Planning, int MaxSteps, IReadOnlyList<string> Tools, string SystemPrompt,
    IReadOnlyList<string> ConfiguredTools, IReadOnlyList<string> RequireApproval, bool ReviewPlan);

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

    public static async Task<Ok<IReadOnlyList<AgentProfileDto>>> List(IOptions<AgentProfiles> profiles, AgentModels models, IConnectionMultiplexer redis)
    {
        // The Api holds no MCP sessions: the Workers publish their tools (MCP ones included) with their circuit states.
        var published = (await ToolStateReader.ReadAsync(redis)).Select(t => t.Name).ToList();
        var items = Enum.GetValues<TaskType>()
            .Select(t => (Type: t, Profile: profiles.Value.For(t)))
            .Select(p => new AgentProfileDto(p.Type, models.ModelFor(p.Type), p.Profile.Planning, p.Profile.MaxSteps,
                Resolve(p.Profile.Tools, published), p.Profile.SystemPrompt, p.Profile.Tools,
                p.Profile.RequireApproval, p.Profile.ReviewPlan))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<AgentProfileDto>>(items);
    }

    private static List<string> Resolve(IReadOnlyList<string> configured, IReadOnlyList<string> published) =>
        [.. configured.SelectMany(pattern => pattern.EndsWith(ToolPatterns.ServerSeparator + "*", StringComparison.Ordinal)
                ? ToolPatterns.Resolve([pattern], published)
                : [pattern])
            .Distinct(StringComparer.Ordinal)];
}
