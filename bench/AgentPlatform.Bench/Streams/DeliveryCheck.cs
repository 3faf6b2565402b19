namespace AgentPlatform.Bench.Streams;

/// <summary>Whether every subscriber received every seq written after it subscribed exactly once and in order.</summary>
public sealed record DeliveryCheck(int Subscribers, long Missing, long Repeated, long OutOfOrder, long Unexpected, int Ended, string? FirstProblem)
{
    public bool Passed => Missing == 0 && Repeated == 0 && OutOfOrder == 0 && Unexpected == 0 && Ended == 0;

    public static DeliveryCheck Of(IReadOnlyList<StreamSubscriber> subscribers)
    {
        long missing = 0, repeated = 0, outOfOrder = 0, unexpected = 0;
        var ended = 0;
        string? first = null;
        foreach (var subscriber in subscribers)
        {
            var session = subscriber.Session;
            var lost = 0;
            for (var seq = session.FirstSeq + 1; seq <= session.LastSeq; seq++)
            {
                if (subscriber.ReceivedAt[seq] == 0)
                {
                    lost++;
                }
            }

            missing += lost;
            repeated += subscriber.Repeated;
            outOfOrder += subscriber.OutOfOrder;
            unexpected += subscriber.Unexpected;
            ended += subscriber.Ended is null ? 0 : 1;
            if (first is null && (lost > 0 || subscriber.Repeated > 0 || subscriber.OutOfOrder > 0 || subscriber.Unexpected > 0 || subscriber.Ended is not null))
            {
                first = $"session {session.Id}: seqs {session.FirstSeq + 1}..{session.LastSeq}, {lost} missing, {subscriber.Repeated} repeated, " +
                        $"{subscriber.OutOfOrder} out of order, {subscriber.Unexpected} unexpected, last received {subscriber.LastReceived}" +
                        (subscriber.Ended is { } why ? $", ended: {why}" : "");
            }
        }

        return new DeliveryCheck(subscribers.Count, missing, repeated, outOfOrder, unexpected, ended, first);
    }
}
