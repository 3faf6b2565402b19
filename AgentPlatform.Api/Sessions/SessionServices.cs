using AgentPlatform.Api.Agents;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Sessions;

/// <summary>What the session commands need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record SessionServices(
    AgentDbContext Db,
    RunOutbox Outbox,
    RunSignalPublisher Signals,
    IdempotencyService Idempotency,
    RunLimits Limits,
    AgentModels Models,
    IOptions<SessionDefaults> Defaults,
    IOptions<Webhooks.WebhookDefaultOptions> DefaultWebhook,
    TimeProvider Clock,
    IHttpContextAccessor Http);
