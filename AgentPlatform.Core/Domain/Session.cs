using AgentPlatform.Core.Domain.Events;

namespace AgentPlatform.Core.Domain;

/// <summary>
/// A conversation with an agent. Each prompt is a <see cref="Run"/>; the session's status mirrors the run that is
/// current (the oldest unfinished one, else the latest). Every change raises a durable <see cref="SessionEvent"/>.
/// </summary>
public sealed partial class Session
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

    /// <summary>The plan of the latest planned run as stored (<see cref="PlanStorage"/>); read through <see cref="Plan"/>.</summary>
    private string? PlanJson { get; set; }

    /// <summary>The run whose plan <see cref="Plan"/> is.</summary>
    public Guid? PlanRunId { get; private set; }

    /// <summary>
    /// The compacted memory a follow-up run starts from (JSON written by the Worker), covering the runs up to
    /// <see cref="MemoryRunNumber"/>; null until a run compacted its memory or pinned a fact.
    /// </summary>
    public string? MemoryJson { get; private set; }

    public int? MemoryRunNumber { get; private set; }

    public IReadOnlyList<PlanStep> Plan => PlanStorage.Read(PlanJson);

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
        session.Raise(null, new SessionCreatedData(taskType, tokenBudget, maxSteps, model), now);
        session.Raise(run.Id, new RunQueuedData(run.Number, prompt, null), now);
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
        Raise(next.Id, new RunQueuedData(next.Number, prompt, strategy), now);
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
        Await(new PendingInput(PendingInputKind.Question, Question: question));
        Raise(run.Id, new InputRequestedData(question), now);
        SetStatus(SessionStatus.WaitingForInput, run.Id, now);
    }

    /// <summary>
    /// The user's answer to <see cref="RequestInput"/> (or, to a plan review, its approval as is, the answer a note for
    /// the agent): the run goes back to processing with the answer. Tool approvals are decided one by one instead.
    /// </summary>
    public Run AnswerInput(string answer, DateTimeOffset now)
    {
        var run = ActiveRun;
        if (run is null || run.Status != SessionStatus.WaitingForInput || AwaitedInput?.Kind == PendingInputKind.Approval || AwaitsElicitation)
        {
            throw new InvalidTransitionException("Session", Id, Status, SessionStatus.Processing);
        }

        Await(null);
        run.MoveTo(SessionStatus.Processing, now);
        run.ProvideInput(answer);
        run.AwaitJob(now);
        Raise(run.Id, new AgentMessageData(answer, MessageRole.User), now);
        SetStatus(SessionStatus.Processing, run.Id, now);
        return run;
    }

    /// <summary>The worker picked the run up.</summary>
    public void StartRun(Guid runId, string model, DateTimeOffset now)
    {
        var run = GetRun(runId);
        run.MoveTo(SessionStatus.Processing, now);
        Model = model;
        Raise(run.Id, new RunStartedData(run.Number, model), now);
        SetStatus(SessionStatus.Processing, run.Id, now);
    }

    public void AddTokenUsage(Guid runId, int inputTokens, int outputTokens, DateTimeOffset now) =>
        AddTokenUsage(runId, inputTokens, outputTokens, 0, estimated: false, now);

    /// <param name="cachedTokens">Input tokens the provider served from its prompt cache (part of <paramref name="inputTokens"/>).</param>
    /// <param name="estimated">The provider reported no usage: the counts come from the tokenizer.</param>
    /// <param name="purpose">What the call was for.</param>
    public void AddTokenUsage(Guid runId, int inputTokens, int outputTokens, int cachedTokens, bool estimated, DateTimeOffset now, TokenPurpose purpose = TokenPurpose.Model)
    {
        var run = GetRun(runId);
        var total = inputTokens + outputTokens;
        run.AddTokens(total);
        TokensUsed += total;
        Raise(run.Id, new TokenUsageData(purpose, inputTokens, outputTokens, cachedTokens, estimated, run.TokensUsed, TokensUsed, TokenBudget), now);
        Touch(now);
    }

    /// <summary>
    /// A compaction of the agent's memory: counts it and the tokens it saved (the session's <see cref="Compactions"/> and
    /// <see cref="TokensSaved"/> are the sums over these events) and raises memory.compacted.
    /// </summary>
    public void RecordCompaction(Guid runId, MemoryCompaction compaction, DateTimeOffset now)
    {
        var run = GetRun(runId);
        Compactions++;
        TokensSaved += compaction.TokensSaved;
        Raise(run.Id, new MemoryCompactedData(
            compaction.Strategy, compaction.Trigger, compaction.TokensBefore, compaction.TokensAfter, compaction.TokensSaved,
            compaction.Summary, compaction.ArchivedMessageIds, TokensSaved, Compactions), now);
        Touch(now);
    }

    /// <summary>Stores the compacted memory that follow-ups of <paramref name="runId"/> start from.</summary>
    public void RememberMemory(Guid runId, string memoryJson, DateTimeOffset now)
    {
        MemoryJson = memoryJson;
        MemoryRunNumber = GetRun(runId).Number;
        Touch(now);
    }

    public void RecordMessage(Guid runId, string text, DateTimeOffset now) =>
        Raise(GetRun(runId).Id, new AgentMessageData(text, MessageRole.Agent), now);

    /// <summary>Text the agent produced on the way (a step's summary, a note beside tool calls): not the run's result.</summary>
    public void RecordThinking(Guid runId, string text, int? planStep, DateTimeOffset now) =>
        Raise(GetRun(runId).Id, new AgentThinkingData(text, planStep), now);

    /// <summary>The agent's plan for a run: replaces the session's plan and raises plan.created.</summary>
    public void CreatePlan(Guid runId, IReadOnlyList<string> titles, DateTimeOffset now)
    {
        var run = GetRun(runId);
        if (titles.Count == 0)
        {
            throw new DomainValidationException(nameof(titles), "A plan needs at least one step.");
        }

        var steps = titles.Select((t, i) => new PlanStep(i + 1, t, PlanStepStatus.NotStarted)).ToList();
        PlanRunId = run.Id;
        PlanJson = PlanStorage.Write(steps);
        Raise(run.Id, new PlanCreatedData(steps), now);
        Touch(now);
    }

    /// <summary>Moves a plan step; setting the status it already has changes nothing and raises nothing.</summary>
    public void UpdatePlanStep(Guid runId, int index, PlanStepStatus status, DateTimeOffset now)
    {
        var run = GetRun(runId);
        if (PlanRunId != run.Id)
        {
            throw new InvalidOperationException($"Run {runId} has no plan on session {Id}.");
        }

        var steps = Plan.ToList();
        var i = steps.FindIndex(s => s.Index == index);
        if (i < 0)
        {
            throw new DomainValidationException(nameof(index), $"The plan has no step {index}.");
        }

        // A finished step does not go back: a job replaying its checkpoints sets statuses it already set.
        if (steps[i].Status == status || steps[i].Status == PlanStepStatus.Completed
            || (steps[i].Status == PlanStepStatus.Blocked && status == PlanStepStatus.InProgress))
        {
            return;
        }

        steps[i] = steps[i] with { Status = status };
        PlanJson = PlanStorage.Write(steps);
        Raise(run.Id, new PlanStepUpdatedData(index, steps[i].Title, status), now);
        Touch(now);
    }

    /// <summary>
    /// Replaces the steps after <paramref name="afterIndex"/> with <paramref name="titles"/> (the steps up to it stay as
    /// they are) and raises plan.updated.
    /// </summary>
    public void ReviseRemainingPlan(Guid runId, int afterIndex, IReadOnlyList<string> titles, PlanAuthor by, DateTimeOffset now)
    {
        var run = GetRun(runId);
        if (PlanRunId != run.Id)
        {
            throw new InvalidOperationException($"Run {runId} has no plan on session {Id}.");
        }

        if (titles.Count == 0)
        {
            throw new DomainValidationException(nameof(titles), "A revised plan needs at least one new step.");
        }

        List<PlanStep> steps = [.. Plan.Where(s => s.Index <= afterIndex), .. titles.Select((t, i) => new PlanStep(afterIndex + 1 + i, t, PlanStepStatus.NotStarted))];
        PlanJson = PlanStorage.Write(steps);
        Raise(run.Id, new PlanUpdatedData(steps, by), now);
        Touch(now);
    }

    public void RecordToolCall(Guid runId, int step, string callId, string tool, string argumentsJson, DateTimeOffset now) =>
        Raise(GetRun(runId).Id, new ToolCalledData(step, callId, tool, ToolCalledData.ArgumentsFrom(argumentsJson)), now);

    public void RecordToolResult(Guid runId, int step, string callId, string tool, string result, bool isError, DateTimeOffset now) =>
        Raise(GetRun(runId).Id, new ToolResultData(step, callId, tool, result, isError), now);

    public void CompleteRun(Guid runId, string result, DateTimeOffset now) =>
        FinishRun(runId, SessionStatus.Completed, Domain.StopReason.EndTurn, result, null, now);

    /// <param name="detail">Why, in words, when the stop reason alone does not say it (shown as the session's error).</param>
    public void EndRunIncomplete(Guid runId, StopReason reason, string? partialResult, DateTimeOffset now, string? detail = null) =>
        FinishRun(runId, SessionStatus.Incomplete, reason, partialResult, detail, now);

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
        if (PlanRunId == run.Id && to != SessionStatus.Completed)
        {
            // The step the run was on when it ended unfinished is blocked.
            foreach (var step in Plan.Where(s => s.Status == PlanStepStatus.InProgress))
            {
                UpdatePlanStep(run.Id, step.Index, PlanStepStatus.Blocked, now);
            }
        }

        EndElicitationOf(run, to, now);
        run.MoveTo(to, now);
        run.Finish(reason, result, error);
        Await(null);
        Result = result;
        Error = error;
        StopReason = reason;
        CompletedAt = now;
        var next = ActiveRun;
        SetStatus(next?.Status ?? to, next?.Id ?? run.Id, now);
        // run.completed is the last event of a run.
        Raise(run.Id, new RunCompletedData(run.Number, to, reason, result, error, run.TokensUsed), now);
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

        Raise(runId, new SessionStatusChangedData(from, to), now);
        Touch(now);
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now;

    /// <summary>Appends an event with the next sequence number.</summary>
    private void Raise(Guid? runId, IEventData data, DateTimeOffset now)
    {
        LastEventSeq++;
        _newEvents.Add(new SessionEvent(Id, LastEventSeq, EventCatalog.TypeOf(data), runId, EventCatalog.Serialize(data), now));
    }

    public void ClearNewEvents() => _newEvents.Clear();
}
