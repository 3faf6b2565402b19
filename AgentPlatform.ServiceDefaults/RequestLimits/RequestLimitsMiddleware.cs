using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Answers what Kestrel would otherwise answer with an empty body: a request target over the limit (414), headers over
/// the limits (431) and header values with bytes outside visible ASCII (400), each as problem details. Header values
/// are never echoed: they may hold credentials.
/// </summary>
public sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    private const int HeaderLineOverhead = 4; // ": " and CRLF, as Kestrel counts them

    public Task InvokeAsync(HttpContext context)
    {
        var limits = options.Value;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > limits.MaxRequestTargetBytes)
        {
            return Refuse(context, StatusCodes.Status414UriTooLong, "URI too long",
                $"The request target has {target.Length:N0} bytes; at most {limits.MaxRequestTargetBytes:N0} are accepted.");
        }

        var count = 0;
        var total = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                total += name.Length + (value?.Length ?? 0) + HeaderLineOverhead;
                if (value is not null && !IsVisibleAscii(value))
                {
                    return Refuse(context, StatusCodes.Status400BadRequest, "Invalid header",
                        $"The header '{name}' holds characters outside visible ASCII.");
                }
            }
        }

        if (count > limits.MaxRequestHeaderCount)
        {
            return Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"The request has {count} header lines; at most {limits.MaxRequestHeaderCount} are accepted.");
        }

        return total > limits.MaxRequestHeadersTotalBytes
            ? Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"The request's headers have {total:N0} bytes; at most {limits.MaxRequestHeadersTotalBytes:N0} are accepted.")
            : next(context);
    }

    // RFC 9110 field values: visible ASCII, space and tab (obs-text is decoded as Latin-1 only to reach this check).
    private static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return false;
            }
        }

        return true;
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail)
    {
        // The body of an oversized request is not read: close the connection after the answer.
        context.Response.Headers.Connection = "close";
        return TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
    }
}
