using AgentPlatform.Core.Webhooks;
using Hangfire;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>
/// Enqueues the delivery job of every webhook delivery that has none yet (one session's, or everyone's older than a
/// grace period). Called right after a run ends and by <see cref="WebhookSweeper"/>; enqueueing twice is harmless
/// (the job is idempotent), losing one is not, so the row's job id is written only after the enqueue.
/// </summary>
public sealed class WebhookDispatcher(AgentDbContext db, IBackgroundJobClient jobs)
{
    public async Task<int> DispatchAsync(Guid? sessionId, DateTimeOffset? createdBefore, CancellationToken ct)
    {
        var owed = await db.WebhookDeliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.JobId == null)
            .Where(d => sessionId == null || d.SessionId == sessionId)
            .Where(d => createdBefore == null || d.CreatedAt < createdBefore)
            .OrderBy(d => d.CreatedAt).Take(100).ToListAsync(ct);
        foreach (var delivery in owed)
        {
            var (id, seq) = (delivery.SessionId, delivery.Seq);
            delivery.AssignJob(jobs.Enqueue<DeliverWebhookJob>(j => j.ExecuteAsync(id, seq, CancellationToken.None)));
            await db.SaveChangesAsync(ct);
        }

        return owed.Count;
    }
}
