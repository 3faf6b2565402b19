namespace AgentPlatform.Core.Domain.Events;

/// <summary>Who wrote an <c>agent.message</c>.</summary>
public enum MessageRole
{
    Agent,
    User,
}
