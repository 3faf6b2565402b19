using Microsoft.Extensions.Logging;

namespace AgentPlatform.Core.Events;

internal static partial class EventsLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Events {FirstSeq}..{LastSeq} of session {SessionId} were saved but not published; subscribers will read them from the log")]
    public static partial void DurablePublishFailed(ILogger logger, Guid sessionId, long firstSeq, long lastSeq, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live {Type} event on {Channel} was not published")]
    public static partial void LivePublishFailed(ILogger logger, string type, string channel, Exception exception);
}
