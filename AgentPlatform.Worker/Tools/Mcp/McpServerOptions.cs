namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// One MCP server, <c>Mcp:Servers:&lt;name&gt;</c>: <see cref="Command"/> (with <see cref="Args"/>, <see cref="Env"/>,
/// <see cref="WorkingDirectory"/>) for a server the Worker starts and talks to over stdio, or <see cref="Url"/> (with
/// <see cref="Headers"/>) for one over Streamable HTTP, falling back to SSE. <see cref="Env"/> and <see cref="Headers"/>
/// may hold secrets: they come from configuration and are never logged.
/// </summary>
public sealed class McpServerOptions
{
    public string? Command { get; set; }

    public List<string> Args { get; set; } = [];

    /// <summary>The stdio server's whole environment, besides PATH and HOME: it never inherits the Worker's.</summary>
    public Dictionary<string, string> Env { get; set; } = [];

    public string? WorkingDirectory { get; set; }

    public string? Url { get; set; }

    public Dictionary<string, string> Headers { get; set; } = [];

    public bool Enabled { get; set; } = true;

    /// <summary>How long one tool call (and connecting) may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longer tool output is cut to this many characters.</summary>
    public int MaxOutputChars { get; set; } = 16_000;

    /// <summary>
    /// Whether the server may ask this client for a model completion (MCP sampling) during a tool call: answered by the
    /// run's model and paid from the session's budget (<c>token.usage</c> with purpose <c>sampling</c>). Off by default:
    /// the client then does not advertise sampling and the server's requests are refused.
    /// </summary>
    public bool AllowSampling { get; set; }

    /// <summary>
    /// Whether the server may ask the run's user for input during a tool call (MCP elicitation, form mode): the run
    /// raises input.requested and the call waits for the answer (<c>Mcp:ElicitationTimeout</c>). On by default; off,
    /// the client does not advertise elicitation, so the server does not ask.
    /// </summary>
    public bool AllowElicitation { get; set; } = true;

    /// <summary>This server's own bound on the wait for the user's answer, instead of <c>Mcp:ElicitationTimeout</c>.</summary>
    public TimeSpan? ElicitationTimeout { get; set; }

    /// <summary>
    /// The MCP revision to ask for. The default, 2025-11-25, uses the initialize handshake, under which a server
    /// broadcasts notifications/tools/list_changed to its session; under 2026-07-28 (what the SDK asks for when this is
    /// empty) a client only hears of changes on a subscriptions/listen stream, which the SDK's client does not open.
    /// A server that does not speak the version asked for is refused: set this to one it does, or empty.
    /// </summary>
    public string? ProtocolVersion { get; set; } = "2025-11-25";

    public bool IsStdio => !string.IsNullOrWhiteSpace(Command);
}
