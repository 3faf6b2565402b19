using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class RequestLimitsExtensions
{
    /// <summary>
    /// Moves the answers Kestrel would give with an empty body into the app, where they are problem details: its
    /// line and header limits are raised above <see cref="RequestLimitsOptions"/> (which
    /// <see cref="UseRequestLimits"/> enforces), and header values are decoded as Latin-1 instead of refused, so a
    /// non-ASCII byte reaches the middleware, which answers 400. What Kestrel still answers itself, a request line it
    /// cannot read, gets its body from <see cref="BareBadRequestBodies"/>.
    /// </summary>
    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            var own = limits.Value;
            // The request line is the method, the target and the version: a little more than the target.
            kestrel.Limits.MaxRequestLineSize = (own.MaxRequestTargetBytes + 64) * RequestLimitsOptions.KestrelHeadroom;
            kestrel.Limits.MaxRequestHeadersTotalSize = own.MaxRequestHeadersTotalBytes * RequestLimitsOptions.KestrelHeadroom;
            kestrel.Limits.MaxRequestHeaderCount = own.MaxRequestHeaderCount * RequestLimitsOptions.KestrelHeadroom;
            kestrel.Limits.MaxRequestBufferSize = Math.Max(
                kestrel.Limits.MaxRequestBufferSize ?? 0,
                kestrel.Limits.MaxRequestLineSize + kestrel.Limits.MaxRequestHeadersTotalSize);
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
            // What Kestrel still answers itself (a request line it cannot read) gets a problem details body on the way out.
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(BareBadRequestBodies.Middleware));
        });
        return builder;
    }

    /// <summary>The app's request-line and header limits as problem details; first in the pipeline.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.UseMiddleware<RequestLimitsMiddleware>();
}
