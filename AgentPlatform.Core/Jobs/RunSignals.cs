namespace AgentPlatform.Core.Jobs;

/// <summary>Redis pub/sub channels between the Api and the Worker.</summary>
public static class RunSignals
{
    /// <summary>The Api publishes a run id here when the user stops it; the Worker holding it cancels it.</summary>
    public const string CancelChannel = "agentplatform:runs:cancel";
}
