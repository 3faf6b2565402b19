namespace AgentPlatform.Worker.Tools;

/// <summary>
/// The call itself was wrong: bad arguments, or a target the tool refuses (a private address, a path outside the
/// workspace). The model should change its call; it does not count against the tool's circuit, because the tool works.
/// </summary>
public sealed class ToolException : Exception
{
    public ToolException(string message)
        : base(message)
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
