using AgentPlatform.Core.Jobs;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Engine;

/// <summary>Runs a run's job by hand on a Worker without a job server, as Hangfire would deliver it.</summary>
internal static class ManualJobs
{
    public static async Task ExecuteAsync(this EngineWorkerFactory worker, Guid runId, CancellationToken ct)
    {
        await using var scope = worker.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IRunAgentJob>().ExecuteAsync(runId, ct);
    }

    /// <summary>The session's only run, which no job server may have picked up.</summary>
    public static async Task<Guid> PendingRunAsync(this EngineWorkerFactory worker, string sessionId, CancellationToken ct)
    {
        await using var scope = worker.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
        var run = await db.Runs.AsNoTracking().SingleAsync(r => r.SessionId == Guid.Parse(sessionId), ct);
        Assert.Equal(SessionStatus.Pending, run.Status);
        return run.Id;
    }
}
