using AgentPlatform.Core.Tools;

namespace AgentPlatform.Worker.Tools;

internal static partial class ToolLog
{
    [LoggerMessage(Message = "Tool {Tool} circuit is now {State}")]
    public static partial void CircuitChanged(ILogger logger, LogLevel level, string tool, CircuitState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool {Tool} circuit reset by request")]
    public static partial void CircuitReset(ILogger logger, string tool);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tool {Tool} refused the call: {Reason}")]
    public static partial void CallRefused(ILogger logger, string tool, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Tool} failed")]
    public static partial void CallFailed(ILogger logger, string tool, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Tool} was not called: its circuit is open")]
    public static partial void CallRejected(ILogger logger, string tool);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the tool states to Redis; retrying in {Delay}")]
    public static partial void StatesNotWritten(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing the tool states as Worker {InstanceId} every {Heartbeat}, kept for {TimeToLive}")]
    public static partial void PublishingStates(ILogger logger, string instanceId, TimeSpan heartbeat, TimeSpan timeToLive);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the tool states from Redis on stopping; they expire within {TimeToLive}")]
    public static partial void StatesNotRemoved(ILogger logger, TimeSpan timeToLive, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the tool reset channel; retrying in {Delay}")]
    public static partial void ResetChannelUnavailable(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reset was requested for {Tool}, which this Worker does not have")]
    public static partial void ResetUnknownTool(ILogger logger, string tool);
}
