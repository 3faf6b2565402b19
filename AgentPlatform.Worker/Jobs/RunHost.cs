using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Runs up to <see cref="RunHostOptions.MaxConcurrentRuns"/> jobs at once in this process, as tasks rather than
/// threads: a run waiting on a model or a tool costs its conversation in memory and nothing else. One loop fetches
/// (fairly, <see cref="FairJobFetcher"/>) as many jobs as there are free slots whenever a job is enqueued or a slot
/// frees up; each job is executed by <see cref="JobExecutor"/>. It is a process of this Worker's Hangfire server, so
/// the server's heartbeat and its stop apply: on stop it fetches nothing more, lets running runs go on for the stop
/// timeout, then cancels them and they are requeued for another Worker. While any run goes on, it renews the leases
/// of all its jobs together (sliding invisibility, <see cref="QueueRows"/>).
/// </summary>
public sealed partial class RunHost : IBackgroundProcessAsync
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private const int MaxBatch = 100;

    private readonly FairJobFetcher _fetcher;
    private readonly JobExecutor _executor;
    private readonly QueueNotifications _notifications;
    private readonly QueueRows _rows;
    private readonly NpgsqlDataSource _database;
    private readonly RunHostOptions _options;
    private readonly ILogger<RunHost> _logger;
    private readonly Dictionary<string, int> _byOwner = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ConcurrentDictionary<long, QueueLease> _held = new();
    private int _active;
    private int _peak;
    private int _handedOver;

    public RunHost(FairJobFetcher fetcher, JobExecutor executor, QueueNotifications notifications, QueueRows rows, NpgsqlDataSource database,
        IOptions<RunHostOptions> options, IMeterFactory meters, ILogger<RunHost> logger)
    {
        (_fetcher, _executor, _notifications, _rows, _database, _options, _logger) = (fetcher, executor, notifications, rows, database, options.Value, logger);
        var meter = meters.Create(ResourceNames.WorkerTelemetry);
        meter.CreateObservableGauge("agentplatform.worker.runs.active", () => Active, "{run}", "Runs this Worker is executing");
        meter.CreateObservableGauge("agentplatform.worker.runs.capacity", () => Capacity, "{run}", "Runs this Worker may execute at once (Worker:MaxConcurrentRuns)");
    }

    public int Capacity => _options.MaxConcurrentRuns;

    public int Active => Volatile.Read(ref _active);

    /// <summary>The most runs this Worker executed at once since it started.</summary>
    public int Peak => Volatile.Read(ref _peak);

    public async Task ExecuteAsync(BackgroundProcessContext context)
    {
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(context.StoppingToken);
        var listener = _notifications.ListenAsync(listening.Token);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLeasesAsync(renewing.Token);
        try
        {
            while (!context.IsStopping)
            {
                var wanted = Math.Min(MaxBatch, Capacity - Active);
                if (wanted > 0 && await FetchAsync(wanted, context) == wanted)
                {
                    continue; // there may be more waiting
                }

                await _notifications.WaitAsync(PollInterval, context.StoppingToken);
            }
        }
        catch (OperationCanceledException) when (context.IsStopping)
        {
            // Stop requested: take no more work.
        }
        finally
        {
            await listening.CancelAsync();
            await listener;
            // Running runs go on until the stop timeout (StoppedToken), then are cancelled and handed back.
            await Task.WhenAll(_running.Keys);
            await renewing.CancelAsync();
            await renewal;
            var handedOver = Interlocked.Exchange(ref _handedOver, 0);
            if (handedOver > 0)
            {
                LogHandedOver(_logger, handedOver);
                await NotifyAsync();
            }
        }
    }

    private async Task<int> FetchAsync(int wanted, BackgroundProcessContext context)
    {
        IReadOnlyList<FetchedRun> batch;
        try
        {
            Dictionary<string, int> owners;
            lock (_byOwner)
            {
                owners = new Dictionary<string, int>(_byOwner, StringComparer.Ordinal);
            }

            batch = await _fetcher.FetchAsync(wanted, _options.PerUserLimit, owners, [.. _held.Keys], context.ServerId, context.StoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Logged and tried again: the loop must outlive any one failed fetch (its runs go on meanwhile).
            LogFetchFailed(_logger, ex);
            await Task.Delay(TimeSpan.FromSeconds(1), context.StoppingToken);
            return 0;
        }

        foreach (var fetched in batch)
        {
            Start(fetched, context);
        }

        return batch.Count;
    }

    private void Start(FetchedRun fetched, BackgroundProcessContext context)
    {
        Track(fetched.Owner, +1);
        var row = fetched.Lease.Row;
        _held[row] = fetched.Lease;
        var peak = Interlocked.Increment(ref _active);
        for (var seen = Peak; peak > seen && Interlocked.CompareExchange(ref _peak, peak, seen) != seen; seen = Peak)
        {
        }

        // The run's token is the server's StoppedToken: cancelled only once the stop timeout has passed.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[done.Task] = 0;
        _ = Task.Run(async () =>
        {
            try
            {
                if (await _executor.ExecuteAsync(fetched, context.ServerId, context.StoppedToken))
                {
                    Interlocked.Increment(ref _handedOver);
                }
            }
            finally
            {
                Track(fetched.Owner, -1);
                _held.TryRemove(row, out _);
                Interlocked.Decrement(ref _active);
                _running.TryRemove(done.Task, out _);
                done.SetResult();
                _notifications.Wake();
            }
        });
    }

    private async Task RenewLeasesAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_rows.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await _rows.RenewAsync([.. _held.Values], ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Tried again at the next tick: four more chances before any lease lapses.
                    LogRenewFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Every run has ended: nothing is held any more.
        }
    }

    private void Track(string? owner, int delta)
    {
        if (owner is null)
        {
            return;
        }

        lock (_byOwner)
        {
            var count = _byOwner.GetValueOrDefault(owner) + delta;
            if (count == 0)
            {
                _byOwner.Remove(owner);
            }
            else
            {
                _byOwner[owner] = count;
            }
        }
    }

    /// <summary>Requeued jobs are not announced by Hangfire: wake the other Workers so they take them at once.</summary>
    private async Task NotifyAsync()
    {
        try
        {
            await using var command = _database.CreateCommand($"NOTIFY {QueueNotifications.Channel}");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            // The other Workers' poll finds the jobs a few seconds later.
            LogFetchFailed(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetching jobs failed; trying again")]
    private static partial void LogFetchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the invisibility of this Worker's jobs failed; trying again")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: {Count} running run(s) handed back to the queue")]
    private static partial void LogHandedOver(ILogger logger, int count);
}
