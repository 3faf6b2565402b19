namespace AgentPlatform.Core.Jobs;

/// <summary>Redis pub/sub channels between the Api and the Worker.</summary>
public static class RunSignals
{
    /// <summary>The Api publishes a run id here when the user stops it; the Worker holding it cancels it.</summary>
    public const string CancelChannel = "agentplatform:runs:cancel";

    /// <summary>
    /// The Api publishes a run id here when the user answered an MCP server's request for input (elicitation) the run's
    /// tool call waits for; the Worker holding the call reads the answer from the database.
    /// </summary>
    public const string InputChannel = "agentplatform:runs:input";
}
