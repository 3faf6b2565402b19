namespace AgentPlatform.Core.Tools;

/// <summary>
/// The Redis names tools use across processes. Each Worker process writes its <see cref="ToolState"/>s to a hash of its
/// own, <see cref="States"/>, which expires unless the Worker's heartbeat refreshes it, and lists itself in
/// <see cref="Workers"/>. The Api reads the hashes of the Workers listed there; an expired hash (a dead Worker) reads empty.
/// </summary>
public static class ToolRedisKeys
{
    /// <summary>
    /// Sorted set of the instance ids of the Workers that publish tool states, scored by when their states expire (Unix
    /// milliseconds by that Worker's clock). Workers prune the entries long past it.
    /// </summary>
    public const string Workers = "agentplatform:tools:workers";

    /// <summary>Pub/sub channel the Api publishes a tool name on to close that tool's circuit on every Worker.</summary>
    public const string ResetChannel = "agentplatform:tools:reset";

    private const string StatesPrefix = "agentplatform:tools:states:";

    /// <summary>Hash of one Worker process: tool name → <see cref="ToolState"/> JSON, with a time to live.</summary>
    public static string States(string instanceId) => StatesPrefix + instanceId;
}
