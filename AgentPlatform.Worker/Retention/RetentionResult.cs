namespace AgentPlatform.Worker.Retention;

/// <summary>What one pruning pass removed.</summary>
public sealed record RetentionResult(int Events, int Checkpoints, int Memories);
