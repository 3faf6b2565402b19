using System.Globalization;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace AgentPlatform.Gateway;

/// <summary>
/// YARP in front of the Api replicas. Two clusters over the same replicas: <c>hub</c> for SignalR with cookie affinity
/// (the official clients negotiate over HTTP, then connect with the id they were given: both requests must reach the
/// replica that issued it), and <c>api</c> for everything else, balanced freely (REST is stateless; SSE and plain
/// WebSocket resume by seq on any replica). Responses are streamed, never buffered, WebSockets pass through, and the
/// X-Forwarded-* headers are appended to what an ingress in front already set.
/// </summary>
public static class GatewayProxy
{
    public const string TelemetryName = "AgentPlatform.Gateway";
    public const string HubCluster = "hub";
    public const string ApiCluster = "api";
    public const string HubPath = "/hubs/{**rest}";

    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new();
        builder.Services.AddReverseProxy().LoadFromMemory(Routes(), Clusters(options));
        return builder;
    }

    /// <summary>The gateway's own liveness and readiness; every other path goes to the Api.</summary>
    public static WebApplication MapGatewayHealth(this WebApplication app)
    {
        app.MapHealthChecks("/gateway/health");
        app.MapHealthChecks("/gateway/alive");
        return app;
    }

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        Route("hub", HubCluster, HubPath),
        Route("api", ApiCluster, "{**catch-all}"),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options)
    {
        var destinations = options.Destinations
            .Select((address, i) => (Id: $"api-{(i + 1).ToString(CultureInfo.InvariantCulture)}", Address: address))
            .ToDictionary(d => d.Id, d => new DestinationConfig { Address = d.Address }, StringComparer.OrdinalIgnoreCase);
        var request = new ForwarderRequestConfig { ActivityTimeout = options.ActivityTimeout };
        var health = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthCheckInterval,
                Timeout = TimeSpan.FromSeconds(5),
                Policy = "ConsecutiveFailures",
                Path = "/health",
            },
        };
        return
        [
            new ClusterConfig { ClusterId = ApiCluster, Destinations = destinations, HttpRequest = request, HealthCheck = health },
            new ClusterConfig
            {
                ClusterId = HubCluster,
                Destinations = destinations,
                HttpRequest = request,
                HealthCheck = health,
                SessionAffinity = new SessionAffinityConfig
                {
                    Enabled = true,
                    // A hash of the destination: the same on every gateway replica, with no shared key ring.
                    Policy = "HashCookie",
                    FailurePolicy = "Redistribute",
                    AffinityKeyName = options.AffinityCookie,
                    Cookie = new SessionAffinityCookieConfig
                    {
                        HttpOnly = true,
                        SameSite = options.AffinityCookieSameSite,
                        SecurePolicy = options.AffinityCookieSameSite == SameSiteMode.None ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest,
                    },
                },
            },
        ];
    }

    private static RouteConfig Route(string id, string cluster, string path) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path },
        Transforms = [new Dictionary<string, string> { ["X-Forwarded"] = "Append" }],
    };
}
