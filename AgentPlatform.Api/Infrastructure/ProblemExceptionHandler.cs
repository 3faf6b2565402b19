using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// The one place that turns exceptions into problem details: domain errors to 409/400/404, unreadable requests to 400
/// naming the field, a too-large body to 413, an unavailable dependency to 503. Anything else stays a 500 and is logged by the framework.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors) = exception switch
        {
            InvalidTransitionException e => (StatusCodes.Status409Conflict, "Invalid status transition", e.Message, null),
            DomainValidationException e => (StatusCodes.Status400BadRequest, "Validation failed", e.Message,
                new Dictionary<string, string[]> { [e.Field] = [e.Message] }),
            NothingPendingException e => (StatusCodes.Status409Conflict, "Nothing to decide", e.Message, null),
            UnknownApprovalException e => (StatusCodes.Status404NotFound, "Not found", e.Message, null),
            ActiveRunConflictException e => (StatusCodes.Status409Conflict, "A run is active", e.Message, null),
            TooManyActiveRunsException e => (StatusCodes.Status429TooManyRequests, "Too many active runs", e.Message, null),
            _ when DependencyFailures.IsUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "A service this request needs (database, cache or job storage) is not answering. Nothing was changed; retry after the delay in Retry-After.",
                (Dictionary<string, string[]>?)null),
            BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, "Malformed request body",
                "The request body is not valid JSON for this endpoint.",
                new Dictionary<string, string[]> { [FieldOf(json)] = [$"'{FieldOf(json)}' is missing a valid value or has the wrong type."] }),
            BadHttpRequestException e => (e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                e.Message, ParameterOf(e) is { } name ? new Dictionary<string, string[]> { [name] = [$"'{name}' has a value of the wrong type."] } : null),
            _ => (0, "", "", null),
        };
        if (status == 0)
        {
            return false;
        }

        http.Response.StatusCode = status;
        if (exception is TooManyActiveRunsException || status == StatusCodes.Status503ServiceUnavailable)
        {
            var retryAfter = status == StatusCodes.Status503ServiceUnavailable ? DependencyFailures.RetryAfter : TooManyActiveRunsException.RetryAfter;
            http.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        if (exception is ActiveRunConflictException conflict)
        {
            problem.Extensions["activeRunId"] = conflict.ActiveRunId;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The parameter named in "Failed to bind parameter "Nullable&lt;int&gt; limit" from "abc"."</summary>
    private static string? ParameterOf(BadHttpRequestException e) =>
        BindFailure().Match(e.Message) is { Success: true } m ? m.Groups["name"].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex("""parameter "(?:[^"]*\s)?(?<name>\w+)" from""")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    private static string FieldOf(JsonException json) =>
        string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
}
