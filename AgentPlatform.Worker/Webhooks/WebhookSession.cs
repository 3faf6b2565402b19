namespace AgentPlatform.Worker.Webhooks;

/// <summary>The session as a webhook body carries it: the Session resource's fields without plan and pending input.</summary>
public sealed record WebhookSession(
    Guid Id, SessionStatus Status, TaskType TaskType, string Prompt, string? Result, StopReason? StopReason, string? Error,
    int TokenBudget, int TokensUsed, int TokensSaved, int Compactions, string Model,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    public static WebhookSession From(Session s) => new(s.Id, s.Status, s.TaskType, s.Prompt, s.Result, s.StopReason, s.Error,
        s.TokenBudget, s.TokensUsed, s.TokensSaved, s.Compactions, s.Model, s.CreatedAt, s.UpdatedAt, s.CompletedAt);
}
