using AgentPlatform.Core.Events;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>A webhook's body: <c>{type: "run.completed", session, event}</c>.</summary>
public sealed record WebhookPayload(string Type, WebhookSession Session, EventEnvelope Event);
