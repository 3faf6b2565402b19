namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// Refuses a declared body over 256 KiB with a 413 problem before reading it. Kestrel's MaxRequestBodySize also cuts
/// bodies sent without a length; this middleware makes the answer the same under any server, the test host included.
/// </summary>
internal static class RequestBodyLimit
{
    public const long MaxBytes = 256 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > MaxBytes)
            {
                await ProblemResponses.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                    $"The request body may have at most {MaxBytes} bytes.");
                return;
            }

            await next(http);
        });
}
