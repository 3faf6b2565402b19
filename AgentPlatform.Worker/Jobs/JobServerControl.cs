using Hangfire;
using Hangfire.AspNetCore;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Owns this Worker's Hangfire server so an operator can pause and resume queue processing without a deploy (an
/// Aspire dashboard command). Pausing stops the server gracefully: running jobs get their cancellation and are
/// requeued; resuming starts a new server. Queued jobs wait in PostgreSQL meanwhile.
/// </summary>
public sealed partial class JobServerControl(
    JobStorage storage, IServiceScopeFactory scopes, IConfiguration configuration, ILogger<JobServerControl> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BackgroundJobServer? _server;

    public bool Paused { get; private set; }

    public int WorkerCount { get; } = configuration.GetValue("Worker:WorkerCount", Environment.ProcessorCount * 4);

    /// <summary><c>Worker:ProcessJobs=false</c> starts the Worker paused (tests that run jobs by hand).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Worker:ProcessJobs", true))
        {
            Paused = true;
            return Task.CompletedTask;
        }

        return ResumeAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await StopServerAsync(cancellationToken);

    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        await StopServerAsync(cancellationToken);
        Paused = true;
        LogPaused(logger);
    }

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _server ??= new BackgroundJobServer(new BackgroundJobServerOptions
            {
                // Jobs are activated from this host's container, never from a process-wide activator.
                Activator = new AspNetCoreJobActivator(scopes),
                WorkerCount = WorkerCount,
                StopTimeout = StopTimeout,
                ShutdownTimeout = StopTimeout,
                ServerName = $"{Environment.MachineName}:{Environment.ProcessId}",
            }, storage);
            Paused = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopServerAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_server is null)
            {
                return;
            }

            _server.SendStop();
            await _server.WaitForShutdownAsync(cancellationToken);
            _server.Dispose();
            _server = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <remarks>
    /// The gate is not disposed: a host that gives up waiting for <see cref="StopAsync"/> disposes its services while
    /// the stop is still running, and that stop then releases the gate. (A SemaphoreSlim owns nothing to free unless
    /// its wait handle was used, and this one's never is.)
    /// </remarks>
    public void Dispose() => _server?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue processing paused by an operator; queued runs wait until it is resumed")]
    private static partial void LogPaused(ILogger logger);
}
