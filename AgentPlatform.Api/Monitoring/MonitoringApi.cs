using AgentPlatform.Api.Queue;
using AgentPlatform.Api.Tools;
using Hangfire;
using StackExchange.Redis;

namespace AgentPlatform.Api.Monitoring;

public static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/monitoring").RequireAuthorization(AuthExtensions.AdminPolicy).WithTags("Monitoring")
            .MapGet("/stats", StatsAsync).WithName("GetMonitoringStats")
            .WithSummary("Platform figures for operators (admin)")
            .WithDescription("Sessions by status, tokens used and saved, compactions, queue depth and latency, and tool circuits, across all users. Needs role admin.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Ok<MonitoringStats>> StatsAsync(
        AgentDbContext db, JobStorage jobs, IConnectionMultiplexer redis, TimeProvider clock, CancellationToken ct)
    {
        // Operators see every user's sessions: the owner filter is lifted deliberately, behind the admin policy.
        var sessions = db.Sessions.IgnoreQueryFilters().AsNoTracking().IgnoreAutoIncludes();
        var byStatus = await sessions.GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var totals = await sessions.GroupBy(_ => 1)
            .Select(g => new { Used = g.Sum(s => (long)s.TokensUsed), Saved = g.Sum(s => (long)s.TokensSaved), Compactions = g.Sum(s => (long)s.Compactions) })
            .FirstOrDefaultAsync(ct);
        var waits = await db.Runs.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.StartedAt != null).OrderByDescending(r => r.StartedAt).Take(500)
            .Select(r => new { r.CreatedAt, r.StartedAt }).ToListAsync(ct);
        var latencies = waits.Select(w => (w.StartedAt!.Value - w.CreatedAt).TotalMilliseconds).Order().ToList();

        var backlog = await QueueBacklog.ReadAsync(db, ct);
        var monitoring = jobs.GetMonitoringApi();
        var queue = new QueueStats(monitoring.EnqueuedCount("default"), monitoring.ProcessingCount(), monitoring.Servers().Count,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), backlog.Waiting, Math.Round(backlog.OldestWait(clock.GetUtcNow()).TotalSeconds, 3));
        return TypedResults.Ok(new MonitoringStats(
            Enum.GetValues<SessionStatus>().ToDictionary(JsonDefaults.Wire, s => byStatus.FirstOrDefault(b => b.Key == s)?.Count ?? 0),
            totals?.Used ?? 0, totals?.Saved ?? 0, totals?.Compactions ?? 0, queue, await ToolStateReader.ReadAsync(redis), clock.GetUtcNow()));
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
