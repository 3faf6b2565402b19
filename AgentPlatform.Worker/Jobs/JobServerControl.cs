using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Owns this Worker's Hangfire server so an operator can pause and resume queue processing without a deploy (an
/// Aspire dashboard command). Pausing stops the server gracefully: running jobs get their cancellation and are
/// requeued; resuming starts a new server. Queued jobs wait in PostgreSQL meanwhile.
/// The server is Hangfire's processing server with two processes: the <see cref="RunHost"/>, which executes runs as
/// tasks (not one Hangfire worker thread per run), and Hangfire's delayed-job scheduler (retries); the storage adds
/// its own (the heartbeat that slides each held job's invisibility, expiration).
/// </summary>
public sealed partial class JobServerControl(
    JobStorage storage, RunHost host, IOptions<RunHostOptions> options, IConfiguration configuration, ILogger<JobServerControl> logger)
    : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BackgroundProcessingServer? _server;

    public bool Paused { get; private set; }

    /// <summary>Runs this Worker executes at once at most.</summary>
    public int WorkerCount => host.Capacity;

    public RunHost Host => host;

    /// <summary>The host's graceful stop; the application's shutdown timeout is set above it.</summary>
    public TimeSpan StopTimeout => options.Value.StopTimeout;

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
            _server ??= new BackgroundProcessingServer(storage,
            [
                host.UseThreadPool(1),
                new DelayedJobScheduler(options.Value.SchedulerPollInterval, new BackgroundJobStateChanger(JobFilterProviders.Providers)).UseBackgroundPool(1),
            ],
            // What the dashboard shows for this server (Hangfire's own server reports the same two properties).
            new Dictionary<string, object> { ["Queues"] = new[] { FairJobFetcher.Queue }, ["WorkerCount"] = host.Capacity },
            new BackgroundProcessingServerOptions
            {
                StopTimeout = StopTimeout,
                // Time for the cancelled runs to hand their jobs back after the stop timeout.
                ShutdownTimeout = StopTimeout + TimeSpan.FromSeconds(5),
                ServerName = $"{Environment.MachineName}:{Environment.ProcessId}",
            });
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
