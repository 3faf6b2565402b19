namespace AgentPlatform.Core.Domain.Events;

/// <summary>A piece of the agent's streamed text (ephemeral: seq null, never stored).</summary>
public sealed record AgentMessageDeltaData(int Step, string Text) : IEventData;
