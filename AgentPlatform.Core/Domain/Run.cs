namespace AgentPlatform.Core.Domain;

/// <summary>One prompt of a session and the agent's work on it. Changed only through its <see cref="Session"/>.</summary>
public sealed class Run
{
    private Run() { }

    internal Run(Guid sessionId, int number, string prompt, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        SessionId = sessionId;
        Number = number;
        Prompt = prompt;
        Status = SessionStatus.Pending;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }
    public int Number { get; private set; }
    public string Prompt { get; private set; } = "";
    public SessionStatus Status { get; private set; }
    public StopReason? StopReason { get; private set; }
    public string? Result { get; private set; }
    public string? Error { get; private set; }
    public int TokensUsed { get; private set; }
    public string? JobId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public DateTimeOffset? CancelRequestedAt { get; private set; }

    /// <summary>
    /// Set, in the same transaction, when the user's answer sends a waiting run back to processing; cleared once its
    /// job is enqueued or starts. A run that keeps it past a grace period lost its enqueue: the Worker's sweep does it.
    /// </summary>
    public DateTimeOffset? NeedsJobSince { get; private set; }

    /// <summary>The user's answer to the agent's last question, until the worker consumes it.</summary>
    public string? PendingInput { get; private set; }

    public bool IsTerminal => Status.IsTerminal();

    internal void MoveTo(SessionStatus to, DateTimeOffset now)
    {
        if (!StatusMachine.CanMove(Status, to))
        {
            throw new InvalidTransitionException("Run", Id, Status, to);
        }

        Status = to;
        if (to == SessionStatus.Processing && StartedAt is null)
        {
            StartedAt = now;
        }

        if (to.IsTerminal())
        {
            CompletedAt = now;
        }
    }

    internal void Finish(StopReason reason, string? result, string? error)
    {
        StopReason = reason;
        Result = result;
        Error = error;
    }

    internal void AddTokens(int tokens) => TokensUsed += tokens;

    internal void RequestCancel(DateTimeOffset now) => CancelRequestedAt ??= now;

    internal void ProvideInput(string answer) => PendingInput = answer;

    public string? TakePendingInput()
    {
        var input = PendingInput;
        PendingInput = null;
        return input;
    }

    public void AssignJob(string jobId) => JobId = jobId;

    internal void AwaitJob(DateTimeOffset now) => NeedsJobSince = now;

    /// <summary>A job for the resumed run exists (it was enqueued, or it is running now).</summary>
    public void JobFound() => NeedsJobSince = null;
}
