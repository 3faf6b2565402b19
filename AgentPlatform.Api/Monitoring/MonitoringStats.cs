using AgentPlatform.Core.Tools;

namespace AgentPlatform.Api.Monitoring;

/// <summary>What <c>GET /monitoring/stats</c> answers.</summary>
public sealed record MonitoringStats(
    IReadOnlyDictionary<string, int> SessionsByStatus,
    long TokensUsed,
    long TokensSaved,
    long Compactions,
    QueueStats Queue,
    IReadOnlyList<ToolState> Circuits,
    DateTimeOffset GeneratedAt);

/// <param name="Enqueued">Jobs waiting in Hangfire's queue.</param>
/// <param name="Processing">Jobs a Worker is executing.</param>
/// <param name="Servers">Hangfire servers (Workers) alive.</param>
/// <param name="LatencyP50Ms">Median time from a run's queueing to its start, over the last 500 started runs.</param>
/// <param name="LatencyP95Ms">95th percentile of the same.</param>
/// <param name="Waiting">Runs waiting for a Worker (pending and their session's turn): the queue depth.</param>
/// <param name="OldestWaitSeconds">How long the oldest of them has waited (0 when none waits).</param>
public sealed record QueueStats(long Enqueued, long Processing, int Servers, double? LatencyP50Ms, double? LatencyP95Ms,
    int Waiting, double OldestWaitSeconds);
