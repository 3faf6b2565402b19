namespace AgentPlatform.Tests.Domain;

/// <summary>The events a session raised, read back as typed payloads, for asserting types, order and data.</summary>
internal static class DomainEvents
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static Session NewSession(string prompt = "hello", int budget = 4000) =>
        Session.Create("alice", prompt, TaskType.General, budget, 10, "m", T0);

    /// <summary>A session whose first run the worker picked up; the events so far are cleared.</summary>
    public static (Session Session, Guid RunId) Processing()
    {
        var session = NewSession();
        var runId = session.Runs[0].Id;
        session.StartRun(runId, "m", T0);
        session.ClearNewEvents();
        return (session, runId);
    }

    public static List<string> Types(this Session session) => [.. session.NewEvents.Select(e => e.Type)];

    public static T Single<T>(this Session session) where T : IEventData =>
        Assert.Single(session.NewEvents.Select(EventCatalog.Read).OfType<T>());

    public static List<T> All<T>(this Session session) where T : IEventData =>
        [.. session.NewEvents.Select(EventCatalog.Read).OfType<T>()];

    /// <summary>The status changes raised, with the run each was raised for.</summary>
    public static List<(SessionStatus From, SessionStatus To, Guid? RunId)> StatusChanges(this Session session) =>
        [.. session.NewEvents.Where(e => e.Type == EventTypes.SessionStatusChanged)
            .Select(e => (EventCatalog.Read<SessionStatusChangedData>(e), e.RunId))
            .Select(p => (p.Item1.From, p.Item1.To, p.RunId))];
}
