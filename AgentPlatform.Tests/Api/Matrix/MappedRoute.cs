using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Api.Matrix;

/// <summary>One method and route of a service, read from its endpoint data source (so a route added later is probed too).</summary>
/// <param name="Anonymous">Mapped with AllowAnonymous (health, docs, the console's files).</param>
/// <param name="Policies">The authorization policies its metadata names.</param>
/// <param name="QueryToken">It reads <c>?access_token=</c> too (the streams and the hub).</param>
public sealed record MappedRoute(string Service, string Method, string Path, bool Anonymous, IReadOnlyList<string> Policies, bool QueryToken)
{
    /// <summary>What a route without method metadata (the hub's, Hangfire's) is probed with.</summary>
    private static readonly string[] AnyMethod = ["GET", "POST"];

    public bool IsAdmin => Policies.Contains(AuthExtensions.AdminPolicy) || Policies.Contains(AgentPlatform.Worker.Admin.HangfireDashboardAccess.Policy);

    public bool IsMetrics => Policies.Contains(AuthExtensions.MetricsPolicy);

    public override string ToString() => $"{Service} {Method} {Path}";

    /// <param name="fill">The value for a route parameter, by name.</param>
    public static IReadOnlyList<MappedRoute> Of(string service, IServiceProvider services, Func<string, string> fill) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? AnyMethod).Select(method => new MappedRoute(
                service,
                method,
                Fill(e.RoutePattern, fill),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList(),
                e.Metadata.GetMetadata<QueryTokenAllowed>() is not null)))
            .DistinctBy(r => (r.Method, r.Path))
            .ToList();

    private static string Fill(RoutePattern pattern, Func<string, string> fill) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => fill(parameter.Name),
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "x",
        }))));
}
