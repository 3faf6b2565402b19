using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AgentPlatform.Bench.Support;

/// <summary>
/// Times the COMMITs EF Core sends, from its diagnostic events, with the trace they ran in: Npgsql's command spans do
/// not cover a commit, which is a round trip to PostgreSQL of its own.
/// </summary>
public sealed class CommitRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<(ActivityTraceId Trace, TimeSpan Duration)> _commits = [];
    private readonly List<IDisposable> _subscriptions = [];

    public CommitRecorder() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    /// <summary>The commits made in this trace: how many, and how long they took together.</summary>
    public (int Count, TimeSpan Total) In(ActivityTraceId trace)
    {
        lock (_commits)
        {
            var mine = _commits.Where(c => c.Trace == trace).ToList();
            return (mine.Count, TimeSpan.FromTicks(mine.Sum(c => c.Duration.Ticks)));
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.TransactionCommitted.Name && value.Value is TransactionEndEventData data && Activity.Current is { } current)
        {
            lock (_commits)
            {
                _commits.Add((current.TraceId, data.Duration));
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
