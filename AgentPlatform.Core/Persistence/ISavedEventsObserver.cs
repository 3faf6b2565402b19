namespace AgentPlatform.Core.Persistence;

/// <summary>Told about the durable events a save committed, with their sessions (metrics, live publication).</summary>
public interface ISavedEventsObserver
{
    /// <summary>Called after the transaction committed; must not throw into the caller's save.</summary>
    void OnSaved(IReadOnlyList<SavedEvent> events);
}

/// <summary>An event as committed, with the session (and so its runs) it belongs to.</summary>
public readonly record struct SavedEvent(Session Session, SessionEvent Event);
