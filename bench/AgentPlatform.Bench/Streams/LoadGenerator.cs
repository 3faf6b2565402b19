namespace AgentPlatform.Bench.Streams;

/// <summary>
/// Offers a fixed total append rate for a while, spread evenly over the sessions: each session's writer appends on its
/// own schedule (staggered so the sessions do not write in step), one event per transaction. Open loop: a writer that
/// falls behind appends at once until it is back on schedule; latency is measured from the append's actual start.
/// </summary>
public static class LoadGenerator
{
    public static async Task<StageWindow> RunAsync(IReadOnlyList<SessionAppender> appenders, int index, int perSecond, TimeSpan duration, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var interval = (double)appenders.Count * Stopwatch.Frequency / perSecond;
        var counts = await Task.WhenAll(appenders.Select((appender, i) =>
            RunOneAsync(appender, index, start + (long)(interval * i / appenders.Count), interval, end, ct)));
        return new StageWindow(index, perSecond, start, end, counts.Sum());
    }

    private static async Task<int> RunOneAsync(SessionAppender appender, int stage, long first, double interval, long end, CancellationToken ct)
    {
        var appended = 0;
        for (var due = (double)first; due < end; due += interval)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), (long)due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            await appender.AppendAsync(stage, ct);
            appended++;
        }

        return appended;
    }
}
