namespace AgentPlatform.Core.Domain.Events;

/// <param name="Role"><c>agent</c> for the agent's answer, <c>user</c> for the user's answer to a question.</param>
public sealed record AgentMessageData(string Text, MessageRole Role) : IEventData;
