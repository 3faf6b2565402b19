namespace AgentPlatform.Worker.Agents.Planning;

/// <summary>The planning call's structured answer: <c>{"steps": [{"title": "..."}]}</c>.</summary>
public sealed record PlanProposal(IReadOnlyList<ProposedStep> Steps);

public sealed record ProposedStep(string Title);
