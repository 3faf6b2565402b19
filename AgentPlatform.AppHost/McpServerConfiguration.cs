using System.Text.RegularExpressions;

namespace AgentPlatform.AppHost;

/// <summary>
/// Hands the AppHost's <c>Mcp</c> section (user secrets, appsettings, environment) to a service as environment
/// variables, so each Worker connects to the same MCP servers. Values under a server's <c>Env</c> and <c>Headers</c>
/// may be secrets (API keys, tokens): they go as secret parameters, masked in the dashboard.
/// </summary>
public static partial class McpServerConfiguration
{
    private const string Section = "Mcp";

    public static IResourceBuilder<ProjectResource> WithMcpServers(this IResourceBuilder<ProjectResource> project, IDistributedApplicationBuilder builder)
    {
        foreach (var (key, value) in builder.Configuration.GetSection(Section).AsEnumerable(makePathsRelative: false))
        {
            if (value is null)
            {
                continue;
            }

            var variable = key.Replace(":", "__", StringComparison.Ordinal);
            var parts = key.Split(':');
            var secret = parts.Length >= 5 && parts[1] == "Servers" && parts[3] is "Env" or "Headers";
            if (secret)
            {
                var name = NotAllowed().Replace(key.ToLowerInvariant(), "-");
                project.WithEnvironment(variable, builder.AddParameter(name, value, secret: true));
            }
            else
            {
                project.WithEnvironment(variable, value);
            }
        }

        return project;
    }

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex NotAllowed();
}
