using System.Text.Json;
using AgentPlatform.Core.Domain.Events;

namespace AgentPlatform.Core.Domain;

/// <summary>
/// MCP elicitation: a server asks for input while a tool call of a run is still in flight in the Worker. The run waits
/// (<c>waiting_for_input</c>, a question with a schema), the Api records the answer here, and the Worker that holds the
/// call takes it: no second job is started for the run.
/// </summary>
public sealed partial class Session
{
    /// <summary>Reasons of <c>elicitation.resolved</c>.</summary>
    public static class ElicitationReasons
    {
        public const string User = "user";
        public const string Timeout = "timeout";
        public const string Stopped = "stopped";
        public const string RunEnded = "run_ended";
        public const string WorkerLost = "worker_lost";
        public const string ServerCancelled = "server_cancelled";
    }

    /// <summary><see cref="Elicitation"/> as JSON: set from the request until the Worker takes the answer or it ends.</summary>
    public string? ElicitationJson { get; private set; }

    /// <summary>The latest request for input of an MCP server that is not over yet; null otherwise.</summary>
    public Elicitation? Elicitation =>
        ElicitationJson is null ? null : JsonSerializer.Deserialize<Elicitation>(ElicitationJson, JsonDefaults.Options);

    /// <summary>Whether the user's answer to an MCP server's request is awaited now (POST /messages answers it).</summary>
    public bool AwaitsElicitation => Elicitation is { Answer: null } e && ActiveRun?.Id == e.RunId && ActiveRun.Status == SessionStatus.WaitingForInput;

    /// <summary>
    /// A server asked for input during tool call <paramref name="callId"/> (in flight): the run waits, pendingInput is a
    /// question with the schema, input.requested is written.
    /// </summary>
    public Elicitation RequestElicitation(
        Guid runId, int step, string callId, string tool, string message, JsonElement schema, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var run = GetRun(runId);
        run.MoveTo(SessionStatus.WaitingForInput, now);
        var elicitation = new Elicitation(runId, Guid.CreateVersion7(now), step, callId, tool, message, schema, now, expiresAt);
        ElicitationJson = JsonSerializer.Serialize(elicitation, JsonDefaults.Options);
        Await(new PendingInput(PendingInputKind.Question, callId, tool, Question: message, ExpiresAt: expiresAt, Schema: schema));
        Raise(run.Id, new InputRequestedData(message, callId, tool, schema, expiresAt), now);
        SetStatus(SessionStatus.WaitingForInput, run.Id, now);
        return elicitation;
    }

    /// <summary>
    /// The user's answer (content already checked against the schema): the run goes back to processing and the answer
    /// waits for the Worker holding the call to take it. No job is enqueued.
    /// </summary>
    /// <exception cref="NothingPendingException">No request for input is awaited (409).</exception>
    public Run AnswerElicitation(ElicitationAction action, JsonElement? content, DateTimeOffset now)
    {
        if (!AwaitsElicitation)
        {
            throw new NothingPendingException($"Session {Id} is not waiting for an MCP server's request for input.");
        }

        var elicitation = Elicitation!;
        var run = GetRun(elicitation.RunId);
        var kept = action == ElicitationAction.Accept ? content : null;
        ElicitationJson = JsonSerializer.Serialize(elicitation with { Answer = new ElicitationAnswer(action, kept, now) }, JsonDefaults.Options);
        Await(null);
        run.MoveTo(SessionStatus.Processing, now);
        Raise(run.Id, new ElicitationResolvedData(elicitation.CallId, elicitation.Id, action, kept, ElicitationReasons.User), now);
        SetStatus(SessionStatus.Processing, run.Id, now);
        return run;
    }

    /// <summary>The answer to request <paramref name="elicitationId"/> if the user gave it (then it is taken); null while none.</summary>
    public ElicitationAnswer? TakeElicitationAnswer(Guid elicitationId, DateTimeOffset now)
    {
        if (Elicitation is not { Answer: { } answer } elicitation || elicitation.Id != elicitationId)
        {
            return null;
        }

        ElicitationJson = null;
        Touch(now);
        return answer;
    }

    /// <summary>
    /// Ends request <paramref name="elicitationId"/> without waiting longer (timeout, the server gave up): the user's
    /// answer if it came meanwhile, else <paramref name="action"/> (elicitation.resolved with the reason) and the run
    /// goes back to processing. A request already over (the run was stopped) ends with <paramref name="action"/> too.
    /// </summary>
    public ElicitationAnswer CloseElicitation(Guid elicitationId, ElicitationAction action, string reason, DateTimeOffset now)
    {
        if (TakeElicitationAnswer(elicitationId, now) is { } answered)
        {
            return answered;
        }

        if (Elicitation is { } open && open.Id == elicitationId)
        {
            End(open, action, reason, now);
        }

        return new ElicitationAnswer(action, null, now);
    }

    /// <summary>
    /// A job delivered again found the run's request for input still open: the Worker that waited died, so nobody can
    /// pass an answer to the server any more. It ends (worker_lost, an answer recorded meanwhile is dropped) and the
    /// run goes back to processing, where the cut-off call is reported, not repeated.
    /// </summary>
    public void AbandonElicitation(Guid runId, DateTimeOffset now)
    {
        if (Elicitation is not { } open || open.RunId != runId)
        {
            return;
        }

        if (open.Answer is not null)
        {
            ElicitationJson = null;
            Touch(now);
            return;
        }

        End(open, ElicitationAction.Cancel, ElicitationReasons.WorkerLost, now);
    }

    private void End(Elicitation open, ElicitationAction action, string reason, DateTimeOffset now)
    {
        var run = GetRun(open.RunId);
        ElicitationJson = null;
        Raise(run.Id, new ElicitationResolvedData(open.CallId, open.Id, action, null, reason), now);
        if (run.Status == SessionStatus.WaitingForInput)
        {
            Await(null);
            run.MoveTo(SessionStatus.Processing, now);
            SetStatus(run.Status, run.Id, now);
        }
    }

    /// <summary>A run that ends drops its open request for input (elicitation.resolved before run.completed).</summary>
    private void EndElicitationOf(Run run, SessionStatus to, DateTimeOffset now)
    {
        if (Elicitation is not { } open || open.RunId != run.Id)
        {
            return;
        }

        ElicitationJson = null;
        if (open.Answer is null)
        {
            var reason = to == SessionStatus.Stopped ? ElicitationReasons.Stopped : ElicitationReasons.RunEnded;
            Raise(run.Id, new ElicitationResolvedData(open.CallId, open.Id, ElicitationAction.Cancel, null, reason), now);
        }
    }
}
