namespace AgentPlatform.Bench.Support;

/// <summary>
/// Listens to every ActivitySource in the process (as an OpenTelemetry exporter would) and keeps the finished spans,
/// so a benchmark can split a run's time into database time (Npgsql's spans) and the rest.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Activity> _spans = [];

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_spans)
                {
                    _spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The first finished span that matches, or null.</summary>
    public Activity? Find(Func<Activity, bool> match)
    {
        lock (_spans)
        {
            return _spans.FirstOrDefault(match);
        }
    }

    /// <summary>The finished spans below this one (children, their children, ...).</summary>
    public IReadOnlyList<Activity> DescendantsOf(Activity root)
    {
        lock (_spans)
        {
            var inTrace = _spans.Where(s => s.TraceId == root.TraceId).ToList();
            var ids = new HashSet<ActivitySpanId> { root.SpanId };
            List<Activity> found = [];
            bool added;
            do
            {
                added = false;
                foreach (var span in inTrace.Where(s => !ids.Contains(s.SpanId) && ids.Contains(s.ParentSpanId)))
                {
                    ids.Add(span.SpanId);
                    found.Add(span);
                    added = true;
                }
            }
            while (added);

            return found;
        }
    }

    /// <summary>Forgets the spans recorded so far.</summary>
    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public void Dispose() => _listener.Dispose();
}
