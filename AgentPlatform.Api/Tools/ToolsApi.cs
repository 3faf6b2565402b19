using AgentPlatform.Core.Tools;
using StackExchange.Redis;

namespace AgentPlatform.Api.Tools;

/// <summary>
/// The tools and their circuit states, merged from what every live Worker publishes in Redis (<see cref="ToolStateReader"/>);
/// a reset is published back to every Worker.
/// </summary>
public static class ToolsApi
{
    public static IEndpointRouteBuilder MapToolsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tools").RequireAuthorization().WithTags("Tools");
        group.MapGet("/", ListAsync).WithName("ListTools")
            .WithSummary("List every tool with its circuit state")
            .WithDescription("circuit is closed, open (the tool failed too often and is withheld from the model) or half_open (on trial), " +
                             "the worst of the live Workers' circuits. available is false when no Worker can run the tool at all " +
                             "(e.g. web_search without a provider, or an MCP server that is down); updatedAt is the latest of the Workers' updates; " +
                             "source is builtin or mcp:<server> for a tool of an MCP server (Mcp:Servers:<server>).");
        group.MapPost("/{name}/reset", ResetAsync).WithName("ResetTool")
            .WithSummary("Close a tool's circuit (admin)")
            .WithDescription("Asks every Worker to close the named tool's circuit breaker. Needs role admin.")
            .RequireAuthorization(AuthExtensions.AdminPolicy)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ToolState>>> ListAsync(IConnectionMultiplexer redis) =>
        TypedResults.Ok(await ToolStateReader.ReadAsync(redis));

    public static async Task<Results<Accepted<ToolState>, ProblemHttpResult>> ResetAsync(string name, IConnectionMultiplexer redis)
    {
        var tool = (await ToolStateReader.ReadAsync(redis)).FirstOrDefault(t => t.Name == name);
        if (tool is null)
        {
            return Infrastructure.RouteIds.NotFound("Tool", name);
        }

        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(ToolRedisKeys.ResetChannel), name);
        return TypedResults.Accepted($"/api/v1/tools", tool);
    }
}
