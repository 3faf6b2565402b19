namespace AgentPlatform.Core.Domain;

/// <summary>A rule of the domain was broken; the Api maps subclasses to problem details.</summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>A status change the state machine does not allow (409).</summary>
public sealed class InvalidTransitionException(string entity, Guid id, SessionStatus from, SessionStatus to)
    : DomainException($"{entity} {id} cannot go from {from} to {to}.")
{
    public SessionStatus From { get; } = from;
    public SessionStatus To { get; } = to;
}

/// <summary>A domain argument outside its limits (400).</summary>
public sealed class DomainValidationException(string field, string message) : DomainException(message)
{
    public string Field { get; } = field;
}

/// <summary>A follow-up with strategy <c>reject</c> arrived while a run is active (409, naming that run).</summary>
public sealed class ActiveRunConflictException(Guid sessionId, Guid activeRunId, SessionStatus activeStatus)
    : DomainException($"Session {sessionId} has an active run {activeRunId} ({JsonDefaults.Wire(activeStatus)}); " +
                      "send multitaskStrategy 'enqueue' or 'interrupt', or stop it first.")
{
    public Guid ActiveRunId { get; } = activeRunId;
}

/// <summary>A decision for something the session is not waiting for: already decided, or nothing pending (409).</summary>
public sealed class NothingPendingException(string message) : DomainException(message);

/// <summary>A decision on a tool call the session never held for approval (404).</summary>
public sealed class UnknownApprovalException(Guid sessionId, string callId)
    : DomainException($"Session {sessionId} has no tool call {callId} waiting for approval.");
