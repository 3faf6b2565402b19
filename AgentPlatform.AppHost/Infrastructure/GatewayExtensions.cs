using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// With more than one Api replica, the YARP gateway takes the Api's public port (5080) and forwards to each replica at
/// its own address, with affinity for the SignalR hub: Aspire's proxy balances connections without stickiness, so
/// the official clients' negotiate and connect requests could land on different replicas. The Api's own proxied
/// endpoint moves to a port Aspire picks.
/// </summary>
internal static class GatewayExtensions
{
    public const int DefaultPort = 5080;

    public static IResourceBuilder<ProjectResource>? AddGatewayForReplicas(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        var replicas = Replicas.For(builder.Configuration, api.Resource.Name);
        if (replicas <= 1)
        {
            return null;
        }

        var apiHttp = api.Resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        var port = apiHttp.Port ?? DefaultPort;
        apiHttp.Port = null;
        return builder.AddProject<Projects.AgentPlatform_Gateway>(ResourceNames.Gateway, launchProfileName: null)
            .WithHttpEndpoint(port: port, name: "http")
            .WaitFor(api)
            .WithEnvironment(async context =>
            {
                var notifications = context.ExecutionContext.Services.GetRequiredService<ResourceNotificationService>();
                var addresses = await ReplicaAddressesAsync(notifications, api.Resource, replicas, context.CancellationToken);
                for (var i = 0; i < addresses.Count; i++)
                {
                    context.EnvironmentVariables[$"Gateway__Destinations__{i.ToString(CultureInfo.InvariantCulture)}"] = addresses[i].ToString();
                }
            })
            .WithHttpHealthCheck("/gateway/health");
    }

    /// <summary>Each replica's own address, from its snapshot (the gateway waits for the Api, so they are running).</summary>
    private static async Task<IReadOnlyList<Uri>> ReplicaAddressesAsync(ResourceNotificationService notifications, IResource api, int expected, CancellationToken ct)
    {
        var addresses = new SortedDictionary<string, Uri>(StringComparer.Ordinal);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(TimeSpan.FromMinutes(2));
        await foreach (var change in notifications.WatchAsync(wait.Token))
        {
            if (ReferenceEquals(change.Resource, api) && OperatorCommands.ReplicaAddress(change.Snapshot) is { } address)
            {
                addresses[change.ResourceId] = address;
                if (addresses.Count >= expected)
                {
                    break;
                }
            }
        }

        return [.. addresses.Values];
    }
}
