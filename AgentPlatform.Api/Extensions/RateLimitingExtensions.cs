using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace AgentPlatform.Api.Extensions;

/// <summary>Configuration section <c>RateLimiting</c>: requests per user per window.</summary>
public sealed class RateLimitingOptions
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 300;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;
}

public static class RateLimitingExtensions
{
    /// <summary>A fixed window per authenticated user (the JWT's sub); 429 problem details with Retry-After.</summary>
    public static IHostApplicationBuilder AddPerUserRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration("RateLimiting").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var user = http.User.FindFirst("sub")?.Value;
                if (user is null)
                {
                    return RateLimitPartition.GetNoLimiter("anonymous");
                }

                var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitingOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                http.Response.Headers.RetryAfter = seconds;
                await ProblemResponses.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"The rate limit for your user was reached; retry after {seconds} s.");
            };
        });
        return builder;
    }
}
