namespace AgentPlatform.Core.Webhooks;

/// <summary>
/// One webhook call owed for a run that ended, keyed by the session and the seq of its <c>run.completed</c> event.
/// Written in the same transaction as that event (the outbox record), so a crash right after a run ends loses no
/// delivery: the Worker enqueues its job right after the save, and its sweep enqueues any row still without a job.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery() { }

    public WebhookDelivery(Guid sessionId, long seq, DateTimeOffset now)
    {
        SessionId = sessionId;
        Seq = seq;
        CreatedAt = now;
        Status = WebhookDeliveryStatus.Pending;
    }

    public Guid SessionId { get; private set; }
    public long Seq { get; private set; }
    public WebhookDeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public string? JobId { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The id every attempt sends as <c>webhook-id</c>: the same on each retry, unique per run end.</summary>
    public string MessageId => $"msg_{SessionId:N}_{Seq}";

    public void AssignJob(string jobId) => JobId = jobId;

    public void Attempted() => Attempts++;

    public void Delivered(DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Delivered;
        LastError = null;
        CompletedAt = now;
    }

    public void AttemptFailed(string error) => LastError = error;

    public void Failed(string error, DateTimeOffset now)
    {
        Status = WebhookDeliveryStatus.Failed;
        LastError = error;
        CompletedAt = now;
    }
}
