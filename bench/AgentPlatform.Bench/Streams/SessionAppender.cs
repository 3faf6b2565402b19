using AgentPlatform.Core.Domain;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Bench.Streams;

/// <summary>
/// Appends events to one session the way the Worker does during a run: one long-lived <see cref="AgentDbContext"/>
/// tracking the session, <c>Session.RecordThinking</c>, <see cref="SessionUpdates.SaveTrackedSessionAsync"/> (a PostgreSQL
/// transaction), then the context's observers (the Redis publisher). Its run carries a job id and no Worker runs,
/// so nothing else writes to the session.
/// </summary>
public sealed class SessionAppender : IAsyncDisposable
{
    private readonly AgentDbContext _db;
    private readonly string _text;
    private Session _session;
    private int _count;

    private SessionAppender(AgentDbContext db, Session session, SessionLog log, string text)
    {
        _db = db;
        _session = session;
        Log = log;
        _text = text;
    }

    public SessionLog Log { get; }

    /// <summary>A new session of <paramref name="owner"/> (seq 1 and 2), its log registered in <paramref name="logs"/>.</summary>
    public static async Task<SessionAppender> CreateAsync(
        DbContextOptions<AgentDbContext> options, IEnumerable<ISavedEventsObserver> observers, IDictionary<Guid, SessionLog> logs,
        string owner, int capacity, int textLength, CancellationToken ct)
    {
        var db = new AgentDbContext(options, owner: null, observers);
        var session = Session.Create(owner, "streams benchmark", TaskType.General, 4000, 20, "bench", DateTimeOffset.UtcNow);
        session.Runs[0].AssignJob("streams-bench");
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        var log = new SessionLog(session.Id, session.LastEventSeq, capacity);
        logs[session.Id] = log;
        return new SessionAppender(db, session, log, new string('x', textLength));
    }

    /// <summary>Appends one agent.thinking event and records when the append started.</summary>
    public async Task AppendAsync(int stage, CancellationToken ct)
    {
        var n = ++_count;
        var started = Stopwatch.GetTimestamp();
        _session = await _db.SaveTrackedSessionAsync(_session, s => s.RecordThinking(s.Runs[0].Id, _text, n, DateTimeOffset.UtcNow), ct)
            ?? throw new InvalidOperationException($"Session {Log.Id} disappeared.");
        var seq = _session.LastEventSeq;
        if (seq >= Log.AppendStarted.Length)
        {
            throw new InvalidOperationException($"Session {Log.Id} reached seq {seq}, beyond the benchmark's capacity {Log.AppendStarted.Length}.");
        }

        Log.AppendStarted[seq] = started;
        Log.Stage[seq] = stage;
        Log.LastSeq = seq;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
