using System.Text.Json;

namespace AgentPlatform.Core.Domain;

/// <summary>
/// A conversation with an agent. Each prompt is a <see cref="Run"/>; the session's status mirrors the run that is
/// current (the oldest unfinished one, else the latest). Every change raises a durable <see cref="SessionEvent"/>.
/// </summary>
public sealed class Session
{
    private readonly List<Run> _runs = [];
    private readonly List<SessionEvent> _newEvents = [];

    private Session() { }

    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public SessionStatus Status { get; private set; }
    public TaskType TaskType { get; private set; }
    public string Prompt { get; private set; } = "";
    public string? Result { get; private set; }
    public StopReason? StopReason { get; private set; }
    public string? Error { get; private set; }
    public int TokenBudget { get; private set; }
    public int MaxSteps { get; private set; }
    public int TokensUsed { get; private set; }
    public int TokensSaved { get; private set; }
    public int Compactions { get; private set; }
    public string Model { get; private set; } = "";
    public long LastEventSeq { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public IReadOnlyList<Run> Runs => _runs;

    /// <summary>Events raised since the session was loaded; persistence appends them to the log.</summary>
    public IReadOnlyList<SessionEvent> NewEvents => _newEvents;

    public Run? ActiveRun => _runs.Where(r => !r.IsTerminal).OrderBy(r => r.Number).FirstOrDefault();

    public static Session Create(
        string ownerId, string prompt, TaskType taskType, int tokenBudget, int maxSteps, string model, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(ownerId))
        {
            throw new DomainValidationException(nameof(ownerId), "A session needs an owner.");
        }

        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new DomainValidationException(nameof(prompt), "The prompt must not be empty.");
        }

        var session = new Session
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = ownerId,
            Status = SessionStatus.Pending,
            TaskType = taskType,
            Prompt = prompt,
            TokenBudget = tokenBudget,
            MaxSteps = maxSteps,
            Model = model,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var run = new Run(session.Id, 1, prompt, now);
        session._runs.Add(run);
        session.Raise(EventTypes.SessionCreated, null, new { taskType = JsonDefaults.Wire(taskType), tokenBudget, maxSteps, model }, now);
        session.Raise(EventTypes.RunQueued, run.Id, new { runNumber = run.Number, prompt }, now);
        return session;
    }

    public Run GetRun(Guid runId) =>
        _runs.FirstOrDefault(r => r.Id == runId) ?? throw new InvalidOperationException($"Run {runId} is not part of session {Id}.");

    /// <summary>
    /// A follow-up prompt: a new run that sees the conversation so far. While a run is active, <paramref name="strategy"/>
    /// decides: reject (throws), enqueue (runs after it), interrupt (the active runs are stopped first).
    /// </summary>
    public Run AddFollowUp(string prompt, MultitaskStrategy strategy, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new DomainValidationException(nameof(prompt), "The prompt must not be empty.");
        }

        var active = ActiveRun;
        if (active is not null && strategy == MultitaskStrategy.Reject)
        {
            throw new ActiveRunConflictException(Id, active.Id, active.Status);
        }

        if (strategy == MultitaskStrategy.Interrupt)
        {
            foreach (var run in _runs.Where(r => !r.IsTerminal).ToList())
            {
                StopOrMarkForStop(run, now);
            }
        }

        var next = new Run(Id, _runs.Max(r => r.Number) + 1, prompt, now);
        _runs.Add(next);
        Prompt = prompt;
        Raise(EventTypes.RunQueued, next.Id, new { runNumber = next.Number, prompt, multitaskStrategy = JsonDefaults.Wire(strategy) }, now);
        if (ActiveRun == next)
        {
            SetStatus(SessionStatus.Pending, next.Id, now);
        }

        return next;
    }

    /// <summary>The agent asked the user a question; the run waits for the answer.</summary>
    public void RequestInput(Guid runId, string question, DateTimeOffset now)
    {
        var run = GetRun(runId);
        run.MoveTo(SessionStatus.WaitingForInput, now);
        Raise(EventTypes.InputRequested, run.Id, new { question }, now);
        SetStatus(SessionStatus.WaitingForInput, run.Id, now);
    }

    /// <summary>The user's answer to <see cref="RequestInput"/>: the run goes back to processing with the answer.</summary>
    public Run AnswerInput(string answer, DateTimeOffset now)
    {
        var run = ActiveRun;
        if (run is null || run.Status != SessionStatus.WaitingForInput)
        {
            throw new InvalidTransitionException("Session", Id, Status, SessionStatus.Processing);
        }

        run.MoveTo(SessionStatus.Processing, now);
        run.ProvideInput(answer);
        Raise(EventTypes.AgentMessage, run.Id, new { role = "user", text = answer }, now);
        SetStatus(SessionStatus.Processing, run.Id, now);
        return run;
    }

    /// <summary>The worker picked the run up.</summary>
    public void StartRun(Guid runId, string model, DateTimeOffset now)
    {
        var run = GetRun(runId);
        run.MoveTo(SessionStatus.Processing, now);
        Model = model;
        Raise(EventTypes.RunStarted, run.Id, new { runNumber = run.Number, model }, now);
        SetStatus(SessionStatus.Processing, run.Id, now);
    }

    public void AddTokenUsage(Guid runId, int inputTokens, int outputTokens, DateTimeOffset now)
    {
        var run = GetRun(runId);
        var total = inputTokens + outputTokens;
        run.AddTokens(total);
        TokensUsed += total;
        Raise(EventTypes.TokenUsage, run.Id, new { inputTokens, outputTokens, runTokens = run.TokensUsed, sessionTokens = TokensUsed, tokenBudget = TokenBudget }, now);
        Touch(now);
    }

    public void RecordMessage(Guid runId, string text, DateTimeOffset now) =>
        Raise(EventTypes.AgentMessage, GetRun(runId).Id, new { text }, now);

    public void CompleteRun(Guid runId, string result, DateTimeOffset now) =>
        FinishRun(runId, SessionStatus.Completed, Domain.StopReason.EndTurn, result, null, now);

    public void EndRunIncomplete(Guid runId, StopReason reason, string? partialResult, DateTimeOffset now) =>
        FinishRun(runId, SessionStatus.Incomplete, reason, partialResult, null, now);

    public void FailRun(Guid runId, string error, DateTimeOffset now) =>
        FinishRun(runId, SessionStatus.Failed, Domain.StopReason.Error, null, error, now);

    /// <summary>Asks the active run to stop; a queued run is stopped at once. Repeating it changes nothing.</summary>
    public Run? RequestStop(DateTimeOffset now)
    {
        var run = ActiveRun;
        if (run is null)
        {
            return null;
        }

        if (run.CancelRequestedAt is not null)
        {
            return run;
        }

        // Queued runs behind the active one are cancelled too: stop means the session stops.
        foreach (var queued in _runs.Where(r => r.Status == SessionStatus.Pending && r != run).ToList())
        {
            StopOrMarkForStop(queued, now);
        }

        StopOrMarkForStop(run, now);
        Touch(now);
        return run;
    }

    /// <summary>A run no worker holds stops at once; a processing run is marked and stopped by its worker.</summary>
    private void StopOrMarkForStop(Run run, DateTimeOffset now)
    {
        run.RequestCancel(now);
        if (run.Status is SessionStatus.Pending or SessionStatus.WaitingForInput)
        {
            StopRun(run.Id, now);
        }
    }

    /// <summary>The worker saw the cancel signal and ended the run.</summary>
    public void StopRun(Guid runId, DateTimeOffset now) =>
        FinishRun(runId, SessionStatus.Stopped, Domain.StopReason.Cancelled, null, null, now);

    private void FinishRun(Guid runId, SessionStatus to, StopReason reason, string? result, string? error, DateTimeOffset now)
    {
        var run = GetRun(runId);
        run.MoveTo(to, now);
        run.Finish(reason, result, error);
        Result = result;
        Error = error;
        StopReason = reason;
        CompletedAt = now;
        var next = ActiveRun;
        SetStatus(next?.Status ?? to, next?.Id ?? run.Id, now);
        // run.completed is the last event of a run.
        Raise(EventTypes.RunCompleted, run.Id, new
        {
            runNumber = run.Number,
            status = JsonDefaults.Wire(to),
            stopReason = JsonDefaults.Wire(reason),
            result,
            error,
            tokensUsed = run.TokensUsed,
        }, now);
    }

    private void SetStatus(SessionStatus to, Guid runId, DateTimeOffset now)
    {
        if (Status == to)
        {
            Touch(now);
            return;
        }

        var from = Status;
        Status = to;
        if (!to.IsTerminal())
        {
            CompletedAt = null;
            StopReason = null;
        }

        Raise(EventTypes.SessionStatusChanged, runId, new { from = JsonDefaults.Wire(from), to = JsonDefaults.Wire(to) }, now);
        Touch(now);
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now;

    /// <summary>Appends an event with the next sequence number.</summary>
    public SessionEvent Raise(string type, Guid? runId, object data, DateTimeOffset now)
    {
        LastEventSeq++;
        var evt = new SessionEvent(Id, LastEventSeq, type, runId, JsonSerializer.Serialize(data, JsonDefaults.Options), now);
        _newEvents.Add(evt);
        return evt;
    }

    public void ClearNewEvents() => _newEvents.Clear();
}
