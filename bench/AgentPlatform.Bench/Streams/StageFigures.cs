namespace AgentPlatform.Bench.Streams;

/// <summary>
/// One stage's figures from the timestamps: latency per delivery (append start → subscriber, and publish issued →
/// subscriber), the write itself per event (append start → committed and publish issued), and the delivered rate:
/// the stage's deliveries over the time from its start to its last delivery (so a backlog lowers it).
/// </summary>
public sealed record StageFigures(
    StageWindow Window, long Expected, long Delivered, double DeliveredPerSecond,
    List<double> AppendToClient, List<double> PublishToClient, List<double> AppendToPublish, List<double> Redis)
{
    public double AppendedPerSecond => Window.Appended / Window.Seconds;

    /// <param name="redis">The bare Redis round trips measured in the background during the stage.</param>
    public static StageFigures Compute(StageWindow window, IReadOnlyList<StreamSubscriber> subscribers, IReadOnlyList<SessionLog> sessions, List<double> redis)
    {
        List<double> appendToClient = [];
        List<double> publishToClient = [];
        List<double> appendToPublish = [];
        foreach (var session in sessions)
        {
            for (var seq = session.FirstSeq + 1; seq <= session.LastSeq; seq++)
            {
                if (session.Stage[seq] == window.Index)
                {
                    appendToPublish.Add(Milliseconds(session.AppendStarted[seq], session.Published[seq]));
                }
            }
        }

        long expected = 0;
        long last = window.StartedAt;
        foreach (var subscriber in subscribers)
        {
            var session = subscriber.Session;
            for (var seq = session.FirstSeq + 1; seq <= session.LastSeq; seq++)
            {
                if (session.Stage[seq] != window.Index)
                {
                    continue;
                }

                expected++;
                var received = subscriber.ReceivedAt[seq];
                if (received != 0)
                {
                    appendToClient.Add(Milliseconds(session.AppendStarted[seq], received));
                    publishToClient.Add(Milliseconds(session.Published[seq], received));
                    last = Math.Max(last, received);
                }
            }
        }

        var seconds = (double)(last - window.StartedAt) / Stopwatch.Frequency;
        return new StageFigures(window, expected, appendToClient.Count, seconds > 0 ? appendToClient.Count / seconds : 0,
            appendToClient, publishToClient, appendToPublish, redis);
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
