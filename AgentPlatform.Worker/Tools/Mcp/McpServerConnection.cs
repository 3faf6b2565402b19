using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// The Worker's session with one MCP server: connects (<see cref="McpTransports"/>), registers the server's tools in
/// the <see cref="ToolRegistry"/>, follows <c>notifications/tools/list_changed</c>, and when the server goes away (a
/// crash, a closed stream) keeps its tools registered but unavailable and connects again with a doubling backoff.
/// With <see cref="McpServerOptions.AllowSampling"/> the client advertises sampling and answers
/// <c>sampling/createMessage</c> with the model of the run whose tool call is in flight on this session (paid from that
/// run's budget, <see cref="McpSampling"/>); without it the capability is not advertised and the SDK refuses. With
/// <see cref="McpServerOptions.AllowElicitation"/> (the default) it advertises elicitation (forms) and asks the run's
/// user (<see cref="McpElicitation"/>).
/// </summary>
internal sealed class McpServerConnection(
    string name, McpServerOptions options, McpOptions mcp, ToolRegistry registry, ILoggerFactory loggers, TimeProvider clock)
{
    private readonly ILogger _logger = loggers.CreateLogger<McpServerConnection>();
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<string, McpTool> _tools = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly McpCallsInFlight _inFlight = new();
    private McpSampling? _sampling;
    private McpElicitation? _elicitation;
    private volatile McpClient? _client;

    public string Name => name;

    public McpServerOptions Options => options;

    /// <summary>The current session, null while the server is unreachable.</summary>
    public McpClient? Client => _client;

    public bool IsConnected => _client is not null;

    /// <summary>Done once the first connection attempt succeeded or failed.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>The names the model sees for this server's tools now.</summary>
    public IReadOnlyList<string> ToolNames
    {
        get
        {
            lock (_tools)
            {
                return [.. _tools.Keys];
            }
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var delay = mcp.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            McpClient? client = null;
            try
            {
                client = await McpTransports.ConnectAsync(name, options, Handlers(), loggers, stoppingToken);
                var count = await SyncToolsAsync(client, stoppingToken);
                _client = client;
                registry.NotifyToolsChanged();
                McpLog.Connected(_logger, name, options.IsStdio ? "stdio" : "http", count);
                _firstAttempt.TrySetResult();
                delay = mcp.ReconnectDelay;
                var ended = await client.Completion.WaitAsync(stoppingToken);
                McpLog.Disconnected(_logger, name, ended.Exception);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                McpLog.ConnectFailed(_logger, name, delay, ex);
            }
            finally
            {
                await DropAsync(client);
            }

            _firstAttempt.TrySetResult();
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, mcp.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>
    /// Calls a tool on <paramref name="client"/> within the server's timeout (paused while the server waits for the
    /// user, <see cref="McpCallDeadline"/>); cancelling sends the server notifications/cancelled.
    /// </summary>
    /// <exception cref="TimeoutException">The call took longer than the timeout (a failure of the tool, for its circuit).</exception>
    public async Task<CallToolResult> CallAsync(
        McpClient client, ToolContext context, string tool, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, object?> args = arguments.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        using var deadline = new McpCallDeadline(options.Timeout, clock);
        using var tracked = _inFlight.Track(new McpCallInFlight(context, deadline));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var result = await client.CallToolAsync(tool, args, cancellationToken: linked.Token);
            // A result that raced in after a stop (the server answered the cancel of its request for input at once) is
            // dropped as the SDK would have, a moment earlier: the Api may already have ended the run.
            cancellationToken.ThrowIfCancellationRequested();
            return result;
        }
        catch (OperationCanceledException) when (deadline.Expired && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The call did not complete within the allowed timeout of {options.Timeout}.");
        }
        catch (McpProtocolException ex)
        {
            // The server refused the request itself (unknown tool, invalid params): a wrong call, not a broken tool.
            throw new ToolException(ex.Message, ex);
        }
    }

    private async Task DropAsync(McpClient? client)
    {
        if (client is null)
        {
            return;
        }

        if (_client == client)
        {
            _client = null;
            registry.NotifyToolsChanged();
        }

        await client.DisposeAsync();
    }

    private McpClientHandlers Handlers()
    {
        // Without a handler the client does not advertise the capability, so servers do not ask.
        var handlers = new McpClientHandlers { NotificationHandlers = Notifications() };
        if (options.AllowSampling)
        {
            (_sampling ??= new(name, _inFlight, loggers.CreateLogger<McpSampling>())).Advertise(handlers);
        }

        if (options.AllowElicitation)
        {
            (_elicitation ??= new(name, options.ElicitationTimeout ?? mcp.ElicitationTimeout, _inFlight, loggers.CreateLogger<McpElicitation>())).Advertise(handlers);
        }

        return handlers;
    }

    private List<KeyValuePair<string, Func<JsonRpcNotification, CancellationToken, ValueTask>>> Notifications() =>
        [
            new(NotificationMethods.ToolListChangedNotification, (_, _) =>
            {
                // Not awaited: the session reads no more messages (the answer to tools/list among them) until this returns.
                if (_client is { } current)
                {
                    _ = RelistAsync(current);
                }

                return ValueTask.CompletedTask;
            }),
        ];

    private async Task RelistAsync(McpClient client)
    {
        try
        {
            McpLog.ToolsChanged(_logger, name, await SyncToolsAsync(client, CancellationToken.None));
        }
        catch (Exception ex)
        {
            McpLog.RelistFailed(_logger, name, ex);
        }
    }

    /// <summary>
    /// Lists the server's tools and brings the registry in line: new ones added, gone ones removed, changed ones
    /// replaced; an unchanged tool keeps its circuit.
    /// </summary>
    private async Task<int> SyncToolsAsync(McpClient client, CancellationToken cancellationToken)
    {
        var listed = await client.ListToolsAsync(cancellationToken: cancellationToken);
        await _sync.WaitAsync(cancellationToken);
        try
        {
            var wanted = new Dictionary<string, Tool>(StringComparer.Ordinal);
            foreach (var tool in listed.Select(t => t.ProtocolTool))
            {
                if (McpToolName.For(name, tool.Name) is not { } toolName)
                {
                    McpLog.NameTooLong(_logger, name, tool.Name, McpToolName.MaxLength);
                }
                else if (!wanted.TryAdd(toolName, tool))
                {
                    McpLog.NameTaken(_logger, name, tool.Name, toolName);
                }
            }

            lock (_tools)
            {
                foreach (var gone in _tools.Keys.Where(k => !wanted.TryGetValue(k, out var t) || !Same(_tools[k], t)).ToList())
                {
                    _tools.Remove(gone);
                    registry.Remove(gone);
                }

                foreach (var (toolName, tool) in wanted.Where(w => !_tools.ContainsKey(w.Key)))
                {
                    var added = new McpTool(this, tool, toolName);
                    if (registry.Add(added))
                    {
                        _tools[toolName] = added;
                    }
                    else
                    {
                        McpLog.NameTaken(_logger, name, tool.Name, toolName);
                    }
                }

                return _tools.Count;
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    private static bool Same(McpTool known, Tool listed) =>
        known.ServerToolName == listed.Name
        && known.Description == (listed.Description ?? listed.Title ?? listed.Name)
        && known.ArgumentsSchema.GetRawText() == listed.InputSchema.GetRawText();
}
