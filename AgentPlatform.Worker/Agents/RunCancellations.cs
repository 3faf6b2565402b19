using System.Collections.Concurrent;

namespace AgentPlatform.Worker.Agents;

/// <summary>The cancellation sources of the runs this Worker is executing, by run id.</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>Registers a run; dispose the returned lease when the run's job ends.</summary>
    public Lease Register(Guid runId, CancellationToken jobToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(jobToken);
        _running[runId] = source;
        return new Lease(this, runId, source);
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
