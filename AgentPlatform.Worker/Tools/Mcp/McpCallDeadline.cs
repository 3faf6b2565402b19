namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// A tool call's timeout (<c>Mcp:Servers:&lt;name&gt;:Timeout</c>) that stops counting while the server waits for the
/// user (elicitation), so a person who takes a minute to answer does not time the call out. Polly's timeout cannot
/// pause, so MCP tools keep their own (<see cref="ExecutableTool.TimesItself"/>).
/// </summary>
internal sealed class McpCallDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeProvider _clock;
    private readonly object _lock = new();
    private TimeSpan _left;
    private DateTimeOffset _since;
    private int _paused;

    public McpCallDeadline(TimeSpan timeout, TimeProvider clock)
    {
        (_left, _clock, _since) = (timeout, clock, clock.GetUtcNow());
        Timeout = timeout;
        _source = new CancellationTokenSource(timeout, clock);
    }

    public TimeSpan Timeout { get; }

    public CancellationToken Token => _source.Token;

    public bool Expired => _source.IsCancellationRequested;

    /// <summary>Stops the clock until the returned handle is disposed.</summary>
    public IDisposable Pause()
    {
        lock (_lock)
        {
            if (_paused++ == 0 && !_source.IsCancellationRequested)
            {
                _left -= _clock.GetUtcNow() - _since;
                _source.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
            }
        }

        return new Resume(this);
    }

    public void Dispose() => _source.Dispose();

    private void Restart()
    {
        lock (_lock)
        {
            if (--_paused == 0 && !_source.IsCancellationRequested)
            {
                _since = _clock.GetUtcNow();
                _source.CancelAfter(_left > TimeSpan.Zero ? _left : TimeSpan.FromMilliseconds(1));
            }
        }
    }

    private sealed class Resume(McpCallDeadline owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                owner.Restart();
            }
        }
    }
}
