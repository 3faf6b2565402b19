namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>The MCP servers whose tools the agents may use, from <c>Mcp</c>.</summary>
public sealed class McpOptions
{
    public const string Section = "Mcp";

    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The first wait before connecting again to a server that went away; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a tool call waits for the user's answer to its server's request for input; then it answers cancel.</summary>
    public TimeSpan ElicitationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a waiting call looks in the database for the answer, in case the Api's Redis signal was missed.</summary>
    public TimeSpan ElicitationPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<KeyValuePair<string, McpServerOptions>> Enabled => Servers.Where(s => s.Value.Enabled);
}
