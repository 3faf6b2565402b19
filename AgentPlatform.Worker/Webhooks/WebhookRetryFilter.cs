using Hangfire.States;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>
/// Turns a failed webhook attempt into a retry scheduled after the delay the attempt asked for (exponential, from
/// <see cref="WebhookOptions"/>). The job counts its attempts in its delivery row and stops throwing after the last,
/// so this filter holds no configuration of its own and can be process-wide like every Hangfire filter (two Worker
/// hosts in one test process may be configured differently).
/// </summary>
/// <remarks>
/// Not Hangfire's <c>AutomaticRetryAttribute</c>: its attempts and delays are fixed in an attribute or a global
/// filter, and these come from each deployment's configuration.
/// </remarks>
public sealed class WebhookRetryFilter : IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: WebhookDeliveryException failure })
        {
            context.CandidateState = new ScheduledState(failure.RetryAfter) { Reason = failure.Message };
        }
    }
}
