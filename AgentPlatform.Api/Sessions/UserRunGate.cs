namespace AgentPlatform.Api.Sessions;

/// <summary>
/// One in-process gate per user in front of <see cref="RunLimits"/>' advisory lock. The lock serializes a user's
/// creates anyway; without this gate each waiting request would hold a pooled PostgreSQL connection while it waits,
/// so one user's burst of 30 drained a pool of 20 and others' requests answered 503. Waiting here holds no connection
/// and no thread. The advisory lock still serializes the user across replicas.
/// </summary>
public sealed class UserRunGate
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the user's turn; disposing the result lets the next request of that user in.</summary>
    public async Task<IDisposable> EnterAsync(string ownerId, CancellationToken ct)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(ownerId, out gate!))
            {
                gate = new Gate();
                _gates[ownerId] = gate;
            }

            gate.Holders++;
        }

        try
        {
            await gate.Turn.WaitAsync(ct);
        }
        catch
        {
            Leave(ownerId, gate);
            throw;
        }

        return new Release(this, ownerId, gate);
    }

    /// <summary>The users with a request inside or waiting (for tests: gates are dropped when unused).</summary>
    public int ActiveUsers
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    private void Leave(string ownerId, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Holders == 0)
            {
                _gates.Remove(ownerId);
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Holders { get; set; }
    }

    private sealed class Release(UserRunGate owner, string ownerId, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Turn.Release();
                owner.Leave(ownerId, gate);
            }
        }
    }
}
