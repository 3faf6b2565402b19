namespace AgentPlatform.Worker.Memory;

internal static partial class MemoryLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Memory compacted ({Strategy}, {Trigger}): {TokensBefore} -> {TokensAfter} tokens, {Archived} messages archived")]
    public static partial void Compacted(ILogger logger, string strategy, string trigger, int tokensBefore, int tokensAfter, int archived);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Memory compaction ({Trigger}) found nothing to shorten at {Tokens} tokens")]
    public static partial void NothingToCompact(ILogger logger, string trigger, int tokens);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Summary rejected ({Reason}); falling back to masking and a sliding window")]
    public static partial void SummaryRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "The summarizer call failed; falling back to masking and a sliding window")]
    public static partial void SummarizerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Prompt normalized: {TokensBefore} -> {TokensAfter} tokens")]
    public static partial void PromptNormalized(ILogger logger, int tokensBefore, int tokensAfter);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information,
        Message = "Memory compaction ({Trigger}) before model call {Step} re-applied from its checkpoint (shortened: {Shortened})")]
    public static partial void Reapplied(ILogger logger, string trigger, int step, bool shortened);
}
