using System.Threading.Channels;
using AgentPlatform.Core.Events;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// One subscriber's stream. It joins the session's live events (and broadcasts) through the <see cref="ILiveEventFeed"/> (<see cref="EventFanout"/>)
/// first, buffering them in a bounded inbox; then replays the log after the requested seq in pages; then drains the
/// inbox, skipping every seq already delivered, and stays live. A live event beyond the next seq (its predecessor's message was lost,
/// or two writers' messages crossed) makes it read the log up to it first, so <see cref="Events"/> carries every
/// durable seq exactly once and in order; ephemeral events (seq null) pass through live only. A lost message with no
/// later event to reveal it is found by the process's <see cref="CatchUpProbe"/>, which tells the subscription when the
/// session's head seq is past what it delivered (<see cref="CatchUpTo"/>): it then reads the log.
/// When the inbox overflows once the subscription is live, the subscriber is too slow: the stream ends with
/// <see cref="StreamEndReason.SubscriberTooSlow"/>. While the log is still being replayed, the live events that arrive
/// meanwhile are ones the replay is likely to cover (a resumed client, or a Redis backlog still arriving): a durable one
/// that does not fit is left to the log, read again once the replay is done, and an ephemeral one is dropped, instead of
/// ending the stream.
/// </summary>
public sealed class EventSubscription : IAsyncDisposable
{
    private const int OutputCapacity = 64;

    private readonly ILiveEventFeed _live;
    private readonly IStreamEventLog _log;
    private readonly StreamMetrics _metrics;
    private readonly StreamRequest _request;
    private readonly StreamOptions _options;
    private readonly Action _abort;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<EventEnvelope> _inbox;
    private readonly Channel<EventEnvelope> _output = Channel.CreateBounded<EventEnvelope>(
        new BoundedChannelOptions(OutputCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<bool> _catchUpDue = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _stopping;
    private CancellationTokenRegistration _left;
    private ITimer? _expiry;
    private ITimer? _closeDeadline;
    private Task _pump = Task.CompletedTask;
    private StreamEndReason? _endReason;
    private long _lastSeq;
    private long _probedHead;
    private bool _liveSinceCatchUp;
    private bool _replaying = true;
    private bool _droppedWhileReplaying;
    private bool _disposed;
    private bool _counted;

    internal EventSubscription(ILiveEventFeed live, IStreamEventLog log, StreamMetrics metrics, StreamRequest request, StreamOptions options, Action abort, TimeProvider clock, ILogger logger)
    {
        _live = live;
        _log = log;
        _metrics = metrics;
        _request = request;
        _options = options;
        _abort = abort;
        _clock = clock;
        _logger = logger;
        _lastSeq = request.AfterSeq;
        _inbox = Channel.CreateBounded<EventEnvelope>(new BoundedChannelOptions(options.SubscriberBufferSize) { SingleReader = true });
    }

    public Guid SessionId => _request.SessionId;

    /// <summary>The events to send, in order; completes when the stream ends (then see <see cref="End"/>).</summary>
    public ChannelReader<EventEnvelope> Events => _output.Reader;

    /// <summary>Why the server ended the stream; null while it runs, or when the subscriber left.</summary>
    public StreamEnd? End
    {
        get
        {
            lock (_gate)
            {
                return _endReason is { } reason ? new StreamEnd(_request.SessionId, reason, Interlocked.Read(ref _lastSeq)) : null;
            }
        }
    }

    internal async Task StartAsync(CancellationToken stopping, CancellationToken left)
    {
        // Live before the log is read: an event committed after the read is published after it, so it is seen live.
        await _live.AddAsync(this);
        lock (_gate)
        {
            _counted = !_disposed;
        }

        if (_counted)
        {
            _metrics.Opened();
        }

        _left = left.Register(() => Cancel());
        _stopping = stopping.Register(() => Finish(StreamEndReason.ServerStopping));
        if (_request.AccessExpiresAt is { } expires)
        {
            var due = expires - _clock.GetUtcNow();
            _expiry = _clock.CreateTimer(_ => Finish(StreamEndReason.AccessExpired), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>
    /// From <see cref="CatchUpProbe"/>: the log of this session goes up to <paramref name="head"/>. When that is past
    /// what was delivered, the subscription reads the log, unless live events arrived since it was last told so (they
    /// are likely the missing ones, still on their way); then the next probe tells it again if it is still behind. A
    /// lost message is so recovered within one to two intervals, as with the per-subscription timer this replaced.
    /// </summary>
    internal void CatchUpTo(long head)
    {
        if (head > Interlocked.Read(ref _lastSeq))
        {
            Interlocked.Exchange(ref _probedHead, head);
            _catchUpDue.Writer.TryWrite(true);
        }
    }

    /// <summary>A live event of this session, or a broadcast, from the <see cref="ILiveEventFeed"/>; never blocks.</summary>
    internal void Offer(EventEnvelope evt)
    {
        if (evt.Seq is { } seq && seq <= Interlocked.Read(ref _lastSeq))
        {
            return; // a late copy of an event already delivered from the log
        }

        if (_inbox.Writer.TryWrite(evt))
        {
            return;
        }

        lock (_gate)
        {
            if (_replaying)
            {
                // A durable event is in the log (published after its commit): read again when the replay ends. An
                // ephemeral one (a delta, a broadcast) is live-only by contract, and this client is not live yet.
                _droppedWhileReplaying |= evt.Seq is not null;
                return;
            }
        }

        Finish(StreamEndReason.SubscriberTooSlow);
    }

    /// <summary>Replays the log after the requested seq, again if live events were left to the log meanwhile.</summary>
    /// <returns>False when the stream has ended.</returns>
    private async Task<bool> ReplayAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await CatchUpAsync(cancellationToken))
            {
                return false;
            }

            lock (_gate)
            {
                if (!_droppedWhileReplaying)
                {
                    _replaying = false;
                    return true;
                }

                _droppedWhileReplaying = false;
            }
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await ReplayAsync(cancellationToken))
            {
                return;
            }

            Task<bool>? waiting = null;
            Task<bool>? catchUpDue = null;
            while (true)
            {
                while (_inbox.Reader.TryRead(out var evt))
                {
                    if (!await OnLiveAsync(evt, cancellationToken))
                    {
                        return;
                    }
                }

                waiting ??= _inbox.Reader.WaitToReadAsync(cancellationToken).AsTask();
                catchUpDue ??= _catchUpDue.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(waiting, catchUpDue) == catchUpDue)
                {
                    await catchUpDue;
                    catchUpDue = null;
                    _catchUpDue.Reader.TryRead(out _);
                    var behind = Interlocked.Read(ref _lastSeq) < Interlocked.Read(ref _probedHead);
                    if (behind && !_liveSinceCatchUp && !await CatchUpAsync(cancellationToken))
                    {
                        return;
                    }

                    _liveSinceCatchUp = false;
                    continue;
                }

                await waiting;
                waiting = null;
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Ended or left: whatever was in flight was cancelled; the reason, if any, is already set.
        }
        catch (Exception ex)
        {
            StreamsLog.Failed(_logger, _request.SessionId, ex);
            Finish(StreamEndReason.Unavailable);
        }
        finally
        {
            _output.Writer.TryComplete();
        }
    }

    /// <returns>False when the stream has ended.</returns>
    private async Task<bool> OnLiveAsync(EventEnvelope evt, CancellationToken cancellationToken)
    {
        if (evt.Seq is not { } seq)
        {
            await _output.Writer.WriteAsync(evt, cancellationToken);
            _metrics.Delivered(durable: false);
            return true;
        }

        _liveSinceCatchUp = true;
        var last = Interlocked.Read(ref _lastSeq);
        if (seq <= last)
        {
            return true;
        }

        if (seq > last + 1)
        {
            // Its predecessors were committed before it: the log has them.
            if (!await CatchUpAsync(cancellationToken))
            {
                return false;
            }

            last = Interlocked.Read(ref _lastSeq);
            if (seq != last + 1)
            {
                if (seq > last)
                {
                    StreamsLog.GapNotFilled(_logger, _request.SessionId, seq, last);
                    _liveSinceCatchUp = false;
                }

                return true;
            }
        }

        return await DeliverAsync(evt, cancellationToken);
    }

    /// <summary>Delivers the log after the last delivered seq, page by page.</summary>
    /// <returns>False when the stream has ended.</returns>
    private async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await _log.ReadAsync(_request, Interlocked.Read(ref _lastSeq), _options.ReplayPageSize, cancellationToken);
            foreach (var e in page)
            {
                if (!await DeliverAsync(EventEnvelope.From(e), cancellationToken))
                {
                    return false;
                }
            }

            if (page.Count < _options.ReplayPageSize)
            {
                return true;
            }
        }
    }

    /// <returns>False when the stream has ended.</returns>
    private async Task<bool> DeliverAsync(EventEnvelope evt, CancellationToken cancellationToken)
    {
        await _output.Writer.WriteAsync(evt, cancellationToken);
        Interlocked.Exchange(ref _lastSeq, evt.Seq!.Value);
        _metrics.Delivered(durable: true);
        if (_request.UntilRunCompleted && evt.Type == EventTypes.RunCompleted)
        {
            Finish(StreamEndReason.RunCompleted);
            return false;
        }

        return true;
    }

    /// <summary>Ends the stream with a reason; the transport then has <see cref="StreamOptions.CloseTimeout"/> to say so.</summary>
    private void Finish(StreamEndReason reason)
    {
        lock (_gate)
        {
            if (_endReason is not null || _disposed)
            {
                return;
            }

            _endReason = reason;
            _closeDeadline = _clock.CreateTimer(_ => Abort(), null, _options.CloseTimeout, Timeout.InfiniteTimeSpan);
        }

        StreamsLog.Ended(_logger, _request.SessionId, reason, Interlocked.Read(ref _lastSeq));
        _metrics.Ended(reason);
        Cancel();
    }

    private void Abort()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        StreamsLog.Aborted(_logger, _request.SessionId, _options.CloseTimeout);
        _abort();
    }

    // _stop is never disposed (it has no timer), so cancelling it is safe from any thread at any time.
    private void Cancel() => _stop.Cancel();

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        if (_counted)
        {
            _metrics.Closed();
        }

        Cancel();

        _live.Remove(this);
        await _pump;
        await _left.DisposeAsync();
        await _stopping.DisposeAsync();
        _expiry?.Dispose();
        _closeDeadline?.Dispose();
    }
}
