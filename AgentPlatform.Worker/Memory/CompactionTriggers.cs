namespace AgentPlatform.Worker.Memory;

/// <summary>The <c>trigger</c> values of <c>memory.compacted</c>.</summary>
public static class CompactionTriggers
{
    /// <summary>The prompt passed the threshold, or the call did not fit the remaining budget.</summary>
    public const string Proactive = "proactive";

    /// <summary>The provider answered with a context-length error; the call is retried once after.</summary>
    public const string ContextLength = "context_length";

    /// <summary>The run's prompt was normalized before the first call.</summary>
    public const string Prompt = "prompt";
}
