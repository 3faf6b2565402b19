using AgentPlatform.Core.Events;
using AgentPlatform.Api.Streams;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>
/// The durable log in memory. <see cref="DuringRead"/> runs inside a read, after its page was taken and before it is
/// returned: what it appends or offers live happens "while the replay query runs".
/// </summary>
internal sealed class FakeEventLog(Guid sessionId, TimeProvider clock) : IStreamEventLog
{
    private readonly Lock _gate = new();
    private readonly List<SessionEvent> _events = [];
    private readonly List<long> _reads = [];

    public bool SessionExists { get; set; } = true;

    public Func<int, Task>? DuringRead { get; set; }

    public Exception? Failure { get; set; }

    /// <summary>When set, reads wait for it (cancellably), so a test can act while a read is in flight.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>The afterSeq of every read, in order.</summary>
    public IReadOnlyList<long> Reads
    {
        get
        {
            lock (_gate)
            {
                return [.. _reads];
            }
        }
    }

    public long Head
    {
        get
        {
            lock (_gate)
            {
                return _events.Count == 0 ? 0 : _events[^1].Seq;
            }
        }
    }

    /// <summary>Appends the next <paramref name="count"/> events (the last of them of <paramref name="lastType"/>).</summary>
    public long Append(int count, string lastType = EventTypes.AgentMessage)
    {
        lock (_gate)
        {
            for (var i = 1; i <= count; i++)
            {
                var seq = (_events.Count == 0 ? 0 : _events[^1].Seq) + 1;
                _events.Add(new SessionEvent(sessionId, seq, i == count ? lastType : EventTypes.AgentMessage, null, $"{{\"n\":{seq}}}", clock.GetUtcNow()));
            }

            return _events[^1].Seq;
        }
    }

    /// <summary>The stored event as it is published live.</summary>
    public EventEnvelope Live(long seq)
    {
        lock (_gate)
        {
            return EventEnvelope.From(_events.Single(e => e.Seq == seq));
        }
    }

    public Task<bool> SessionExistsAsync(StreamRequest request, CancellationToken cancellationToken)
    {
        Assert.Equal(sessionId, request.SessionId);
        return Task.FromResult(SessionExists);
    }

    public async Task<IReadOnlyList<SessionEvent>> ReadAsync(StreamRequest request, long afterSeq, int take, CancellationToken cancellationToken)
    {
        Assert.Equal(sessionId, request.SessionId);
        List<SessionEvent> page;
        int read;
        lock (_gate)
        {
            _reads.Add(afterSeq);
            read = _reads.Count;
            page = [.. _events.Where(e => e.Seq > afterSeq).OrderBy(e => e.Seq).Take(take)];
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        if (DuringRead is { } during)
        {
            await during(read);
        }

        return page;
    }
}
