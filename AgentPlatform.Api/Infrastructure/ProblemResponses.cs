namespace AgentPlatform.Api.Infrastructure;

/// <summary>Writes a problem-details response from middleware, where no endpoint result is at hand.</summary>
internal static class ProblemResponses
{
    public static Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
