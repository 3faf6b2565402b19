namespace AgentPlatform.Core.Domain;

/// <summary>
/// What the engine recorded about one model call or one tool call of a run, written as it happens and keyed by
/// (run, step, call id): <see cref="Step"/> numbers the run's model calls from 1; <see cref="CallId"/> is empty for the
/// model's response, the provider's tool-call id for a tool call, and a fixed key for a memory step (<see cref="ForMemory"/>). A job that runs again replays these records
/// instead of calling the model or the tools a second time.
/// </summary>
public sealed class RunCheckpoint
{
    public const string ModelResponse = "";

    /// <summary>Appended to a tool call's id for the record that says the call was started (<see cref="ForToolStarted"/>).</summary>
    public const string StartedSuffix = "#started";

    /// <summary>The call id of a plan review's record, at the planning call's step (which has no tool calls).</summary>
    public const string PlanReview = "plan_review";

    private RunCheckpoint() { }

    private RunCheckpoint(Guid runId, int step, string callId, string kind, string? name, string payload, DateTimeOffset now)
    {
        RunId = runId;
        Step = step;
        CallId = callId;
        Kind = kind;
        Name = name;
        Payload = payload;
        CreatedAt = now;
    }

    public Guid RunId { get; private set; }
    public int Step { get; private set; }
    public string CallId { get; private set; } = "";

    /// <summary><c>model</c>, <c>tool</c>, <c>tool_started</c> or <c>memory</c>.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The tool's name (null for a model response).</summary>
    public string? Name { get; private set; }

    /// <summary>The model's response (JSON), the tool call's arguments (JSON), or what a memory step did (JSON).</summary>
    public string Payload { get; private set; } = "{}";

    /// <summary>The tool's result as the model was given it; null while the call has not finished.</summary>
    public string? Result { get; private set; }

    public bool IsError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public static RunCheckpoint ForModel(Guid runId, int step, string responseJson, DateTimeOffset now) =>
        new(runId, step, ModelResponse, "model", null, responseJson, now) { CompletedAt = now };

    /// <summary>
    /// A memory step of the run done once, so a replay re-applies it rather than doing and counting it again: the prompt's
    /// normalization (step 0), or a compaction before a model call (that call's step, the key naming its trigger).
    /// </summary>
    public static RunCheckpoint ForMemory(Guid runId, int step, string key, string payloadJson, DateTimeOffset now) =>
        new(runId, step, key, "memory", null, payloadJson, now) { CompletedAt = now };

    /// <summary>The user's review of the run's plan as the engine took it (the approved steps and any note), made once.</summary>
    public static RunCheckpoint ForPlanReview(Guid runId, int step, string payloadJson, DateTimeOffset now) =>
        new(runId, step, PlanReview, "review", null, payloadJson, now) { CompletedAt = now };

    public static RunCheckpoint ForToolCall(Guid runId, int step, string callId, string name, string argumentsJson, DateTimeOffset now) =>
        new(runId, step, callId, "tool", name, argumentsJson, now);

    /// <summary>
    /// Written (and committed) just before a tool is invoked, in its own row so that neither a call that is only
    /// requested (waiting for approval, ask_human) nor one recorded with its result is mistaken for it: a job that runs
    /// again and finds this without the call's result knows the call was cut off, and does not make it a second time.
    /// A second writer (a duplicate delivery) fails on the key, so two deliveries cannot both start it.
    /// </summary>
    public static RunCheckpoint ForToolStarted(Guid runId, int step, string callId, string name, DateTimeOffset now) =>
        new(runId, step, callId + StartedSuffix, "tool_started", name, "{}", now) { CompletedAt = now };

    public void Complete(string result, bool isError, DateTimeOffset now)
    {
        Result = result;
        IsError = isError;
        CompletedAt = now;
    }
}
