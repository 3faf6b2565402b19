namespace AgentPlatform.Worker.Agents;

internal static partial class AgentLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} does not exist; the job has nothing to do")]
    public static partial void RunMissing(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run is {Status} (finished, or not its turn yet); this delivery does nothing")]
    public static partial void NothingToDo(ILogger logger, SessionStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} is already executing in this Worker; this second job for it does nothing")]
    public static partial void AlreadyRunning(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run stopped by the user")]
    public static partial void RunStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run started on model {Model} (simulated: {IsSimulated})")]
    public static partial void RunStarted(ILogger logger, string model, bool isSimulated);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run ended: {Outcome}")]
    public static partial void RunEnded(ILogger logger, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run waits for the user's answer")]
    public static partial void WaitingForInput(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LLM provider is unavailable; the run ends incomplete")]
    public static partial void LlmUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trying the call again on the fallback model {Model}")]
    public static partial void FallingBack(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider refused structured output for model {Model} ({Reason}); planning answers are parsed from text from now on")]
    public static partial void StructuredOutputRefused(ILogger logger, string? model, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {Step} was blocked ({Why}); the planner revises the remaining steps")]
    public static partial void Replanning(ILogger logger, int step, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enqueue the webhook of the run that ended; the webhook sweep will")]
    public static partial void WebhookDispatchFailed(ILogger logger, Exception exception);
}
