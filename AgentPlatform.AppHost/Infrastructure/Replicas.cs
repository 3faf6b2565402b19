using System.Globalization;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// How many processes of a project the AppHost runs: <c>Replicas:Api</c>, <c>Replicas:Worker</c> (default 1). Aspire's
/// proxy keeps the launch profile's port (5080, 5090) and spreads connections over the replicas, each on a port of its
/// own; that is why the projects' endpoints stay proxied and never pin a target port.
/// </summary>
internal static class Replicas
{
    public const string Section = "Replicas";
    public const int Max = 16;

    /// <summary>The configured count for a resource (its name, case-insensitive, under <see cref="Section"/>).</summary>
    public static int For(IConfiguration configuration, string resourceName)
    {
        var key = $"{Section}:{resourceName}";
        var configured = configuration[key];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return 1;
        }

        return int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= Max
            ? count
            : throw new InvalidOperationException($"{key} is '{configured}': it must be a whole number from 1 to {Max}.");
    }

    public static IResourceBuilder<ProjectResource> WithConfiguredReplicas(this IResourceBuilder<ProjectResource> project, IConfiguration configuration) =>
        project.WithReplicas(For(configuration, project.Resource.Name));
}
