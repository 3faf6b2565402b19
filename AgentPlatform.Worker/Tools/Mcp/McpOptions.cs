namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>The MCP servers whose tools the agents may use, from <c>Mcp</c>.</summary>
public sealed class McpOptions
{
    public const string Section = "Mcp";

    public Dictionary<string, McpServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The first wait before connecting again to a server that went away; it doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<KeyValuePair<string, McpServerOptions>> Enabled => Servers.Where(s => s.Value.Enabled);
}
