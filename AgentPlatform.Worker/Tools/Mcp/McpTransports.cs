using ModelContextProtocol.Client;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>Opens a session with a server through the SDK's transports: stdio, or HTTP (Streamable HTTP, falling back to SSE).</summary>
internal static class McpTransports
{
    /// <summary>The only variables a stdio server gets from the Worker's environment; all the rest comes from its Env.</summary>
    public static readonly string[] Inherited = ["PATH", "HOME"];

    public static async Task<McpClient> ConnectAsync(
        string name, McpServerOptions options, McpClientHandlers handlers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        IClientTransport transport = options.IsStdio
            ? new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = name,
                    Command = options.Command!,
                    Arguments = options.Args,
                    WorkingDirectory = options.WorkingDirectory,
                    // The Worker's environment holds connection strings and the signing key; a server is third-party code.
                    InheritEnvironmentVariables = false,
                    EnvironmentVariables = Environment(options),
                },
                loggers)
            : new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Name = name,
                    Endpoint = new Uri(options.Url!),
                    TransportMode = HttpTransportMode.AutoDetect,
                    AdditionalHeaders = options.Headers,
                    ConnectionTimeout = options.Timeout,
                },
                loggers);
        var clientOptions = new McpClientOptions
        {
            ClientInfo = new() { Name = "AgentPlatform", Version = typeof(McpTransports).Assembly.GetName().Version?.ToString() ?? "1.0" },
            InitializationTimeout = options.Timeout,
            ProtocolVersion = string.IsNullOrWhiteSpace(options.ProtocolVersion) ? null : options.ProtocolVersion,
            Handlers = handlers,
        };
        return await McpClient.CreateAsync(transport, clientOptions, loggers, cancellationToken);
    }

    public static Dictionary<string, string?> Environment(McpServerOptions options)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Inherited)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                env[name] = value;
            }
        }

        foreach (var (key, value) in options.Env)
        {
            env[key] = value;
        }

        return env;
    }
}
