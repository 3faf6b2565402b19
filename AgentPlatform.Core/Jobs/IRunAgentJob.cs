namespace AgentPlatform.Core.Jobs;

/// <summary>
/// The Hangfire job that executes one run. The Api enqueues it by this interface; the Worker implements it.
/// It takes ids only and is safe to run twice.
/// </summary>
public interface IRunAgentJob
{
    Task ExecuteAsync(Guid runId, CancellationToken cancellationToken);
}
