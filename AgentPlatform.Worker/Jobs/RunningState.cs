using Hangfire.States;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Hangfire's Processing state, as its own worker records it (the dashboard and the monitoring API read these fields),
/// for a job the run host executes. Hangfire's <c>ProcessingState</c> cannot be built outside Hangfire (its
/// constructor is internal), so this writes the same name and data.
/// </summary>
public sealed class RunningState(string serverId, string workerId) : IState
{
    public string Name => ProcessingState.StateName;
    public string? Reason => null;
    public bool IsFinal => false;
    public bool IgnoreJobLoadException => false;

    public Dictionary<string, string> SerializeData() => new()
    {
        ["StartedAt"] = Hangfire.Common.JobHelper.SerializeDateTime(DateTime.UtcNow),
        ["ServerId"] = serverId,
        ["WorkerId"] = workerId,
    };
}
