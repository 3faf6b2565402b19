namespace AgentPlatform.Api.Infrastructure;

/// <summary>The caller already has as many active runs as allowed (429).</summary>
public sealed class TooManyActiveRunsException(int active, int limit)
    : Exception($"You have {active} active runs; at most {limit} may be queued or running at once. Wait for one to finish or stop one.")
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
}
