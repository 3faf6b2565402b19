namespace AgentPlatform.Bench.Streams;

/// <summary>
/// One subscriber of one session's stream, over any transport, subscribed after the session's seq at connection time.
/// It stamps each event when the client has parsed it and keeps, per seq, the first arrival; repeats, events out of
/// order and anything else are counted. A transport delivers one message at a time, so the arrays need no lock.
/// </summary>
public abstract class StreamSubscriber : IAsyncDisposable
{
    private long _last;

    protected StreamSubscriber(SessionLog session)
    {
        Session = session;
        _last = session.FirstSeq;
        ReceivedAt = new long[session.AppendStarted.Length];
    }

    public SessionLog Session { get; }

    /// <summary>Stopwatch timestamp of each seq's first arrival; 0 = never arrived.</summary>
    public long[] ReceivedAt { get; }

    public int Repeated { get; private set; }

    public int OutOfOrder { get; private set; }

    /// <summary>Events that were not this session's durable events (none are expected: no broadcast is sent).</summary>
    public int Unexpected { get; private set; }

    /// <summary>Why the stream ended (the server's reason, or the connection's end), if it did.</summary>
    public string? Ended { get; protected set; }

    public long LastReceived => Volatile.Read(ref _last);

    /// <summary>Records an event's arrival; <paramref name="now"/> is the Stopwatch timestamp once it was parsed.</summary>
    protected void Record(ReceivedEvent evt, long now)
    {
        if (evt.Seq is not { } seq || evt.SessionId != Session.Id || seq <= Session.FirstSeq || seq >= ReceivedAt.Length)
        {
            Unexpected++;
            return;
        }

        if (ReceivedAt[seq] != 0)
        {
            Repeated++;
            return;
        }

        ReceivedAt[seq] = now;
        if (seq != _last + 1)
        {
            OutOfOrder++;
        }

        Volatile.Write(ref _last, Math.Max(_last, seq));
    }

    public abstract ValueTask DisposeAsync();
}
