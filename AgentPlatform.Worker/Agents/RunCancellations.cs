using System.Collections.Concurrent;

namespace AgentPlatform.Worker.Agents;

/// <summary>The cancellation sources of the runs this Worker is executing, by run id.</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>
    /// Registers a run unless this Worker is executing it already (a second job for the same run, e.g. one enqueued by
    /// a dispatch that lost its race): the execution under way finishes the run, the second must not run it too.
    /// </summary>
    /// <returns>The lease (dispose it when the run's job ends), or null when the run is already registered here.</returns>
    public Lease? TryRegister(Guid runId, CancellationToken jobToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
        if (_running.TryAdd(runId, source))
        {
            return new Lease(this, runId, source);
        }

        source.Dispose();
        return null;
    }

    /// <returns>Whether this Worker was executing the run.</returns>
    public bool Cancel(Guid runId)
    {
        if (!_running.TryGetValue(runId, out var source))
        {
            return false;
        }

        source.Cancel();
        return true;
    }

    public sealed class Lease(RunCancellations owner, Guid runId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Cancel() => source.Cancel();

        public void Dispose()
        {
            owner._running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(runId, source));
            source.Dispose();
        }
    }
}
