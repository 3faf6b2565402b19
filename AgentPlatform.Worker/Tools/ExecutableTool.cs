namespace AgentPlatform.Worker.Tools;

/// <summary>
/// A tool the Worker runs. Callers go through <see cref="ToolRegistry"/>, which applies <see cref="Timeout"/>, the
/// tool's circuit breaker and <see cref="MaxOutputChars"/>.
/// </summary>
public abstract class ExecutableTool : AgentTool
{
    /// <summary>How long one call may take; a call that takes longer fails and counts against the circuit.</summary>
    public virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <summary>Whether the tool keeps <see cref="Timeout"/> itself (instead of the registry's pipeline), to pause it.</summary>
    public virtual bool TimesItself => false;

    /// <summary>Longer output is cut to this many characters, with a marker saying so.</summary>
    public virtual int MaxOutputChars => 16_000;

    /// <summary>Runs the call. Throws <see cref="ToolException"/> when the call itself is wrong.</summary>
    public abstract Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken);
}
