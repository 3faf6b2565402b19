namespace AgentPlatform.Api.Sessions;

public sealed record PlanStepDto(int Index, string Title, string Status);

public sealed record PlanDto(IReadOnlyList<PlanStepDto> Steps)
{
    public static readonly PlanDto Empty = new([]);

    public static PlanDto From(IReadOnlyList<PlanStep> steps) =>
        steps.Count == 0 ? Empty : new([.. steps.Select(s => new PlanStepDto(s.Index, s.Title, JsonDefaults.Wire(s.Status)))]);
}

/// <summary>A session as the contract shows it.</summary>
public sealed record SessionDto(
    Guid Id,
    SessionStatus Status,
    TaskType TaskType,
    string Prompt,
    string? Result,
    StopReason? StopReason,
    string? Error,
    int TokenBudget,
    int TokensUsed,
    int TokensSaved,
    int Compactions,
    string Model,
    PlanDto Plan,
    PendingInputDto? PendingInput,
    IReadOnlyList<PendingApprovalDto> PendingApprovals,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    public static SessionDto From(Session s) => new(
        s.Id, s.Status, s.TaskType, s.Prompt, s.Result, s.StopReason, s.Error, s.TokenBudget, s.TokensUsed,
        s.TokensSaved, s.Compactions, s.Model, PlanDto.From(s.Plan),
        PendingInputDto.From(s.AwaitedInput), [.. s.PendingApprovals.Select(PendingApprovalDto.From)], s.CreatedAt, s.UpdatedAt, s.CompletedAt);
}
