using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// Every enabled server of <c>Mcp:Servers</c>, each with its connection loop. Starting waits for each server's first
/// attempt (bounded by its timeout), so a Worker takes jobs with the tools of the servers that are up; the others
/// keep trying in the background.
/// </summary>
internal sealed class McpServers(IOptions<McpOptions> options, ToolRegistry registry, ILoggerFactory loggers, TimeProvider clock)
    : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    public IReadOnlyList<McpServerConnection> Connections { get; } =
        [.. options.Value.Enabled.Select(s => new McpServerConnection(s.Key, s.Value, options.Value, registry, loggers, clock))];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in Connections)
        {
            _loops.Add(Task.Run(() => connection.RunAsync(_stopping.Token), CancellationToken.None));
        }

        await Task.WhenAll(Connections.Select(c => c.FirstAttempt.WaitAsync(c.Options.Timeout, clock, cancellationToken)
            .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(cancellationToken);
    }

    /// <summary>Stops the loops if the host was disposed without stopping (the token source is left to the collector: stopping may still use it).</summary>
    public async ValueTask DisposeAsync() => await _stopping.CancelAsync();
}
