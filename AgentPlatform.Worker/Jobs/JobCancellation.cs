using Hangfire;

namespace AgentPlatform.Worker.Jobs;

/// <summary>The token Hangfire's server filters see for a job the run host executes.</summary>
internal sealed class JobCancellation(CancellationToken token) : IJobCancellationToken
{
    public CancellationToken ShutdownToken => token;

    public void ThrowIfCancellationRequested() => token.ThrowIfCancellationRequested();
}
