using Microsoft.AspNetCore.Mvc;

namespace AgentPlatform.Api.Infrastructure;

/// <summary>Route ids are UUIDs: anything else is a 400 that names the field, not a silent 404.</summary>
internal static class RouteIds
{
    public static bool TryParse(string id, out Guid value, out ValidationProblem problem)
    {
        problem = null!;
        if (Guid.TryParse(id, out value))
        {
            return true;
        }

        problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"'{id}' is not a UUID."] });
        return false;
    }

    public static ProblemHttpResult NotFound(string resource, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"{resource} {id} was not found.");
}
