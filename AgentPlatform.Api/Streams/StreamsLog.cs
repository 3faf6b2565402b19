namespace AgentPlatform.Api.Streams;

internal static partial class StreamsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on {Channel} is not an event and was dropped")]
    public static partial void MalformedMessage(ILogger logger, string channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream of session {SessionId} ended: {Reason} after seq {LastSeq}")]
    public static partial void Ended(ILogger logger, Guid sessionId, StreamEndReason reason, long lastSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {Seq} of session {SessionId} arrived live but the log has only up to {LastSeq}; the next catch-up reads it")]
    public static partial void GapNotFilled(ILogger logger, Guid sessionId, long seq, long lastSeq);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream of session {SessionId} failed")]
    public static partial void Failed(ILogger logger, Guid sessionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream of session {SessionId} did not close within {Timeout}; the connection is aborted")]
    public static partial void Aborted(ILogger logger, Guid sessionId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the head seq of the {Sessions} sessions streamed here failed; trying again in {Interval}")]
    public static partial void ProbeFailed(ILogger logger, int sessions, TimeSpan interval, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Unsubscribing from {Channel} failed")]
    public static partial void UnsubscribeFailed(ILogger logger, string channel, Exception exception);
}
