namespace AgentPlatform.Core.Domain;

/// <summary>What a follow-up prompt does while a run is active.</summary>
public enum MultitaskStrategy
{
    /// <summary>Refuse (409) while a run is active.</summary>
    Reject,

    /// <summary>Queue the new run after the active one.</summary>
    Enqueue,

    /// <summary>Stop the active run, then start the new one.</summary>
    Interrupt,
}
