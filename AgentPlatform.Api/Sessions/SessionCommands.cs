using System.Security.Claims;
using AgentPlatform.Api.Infrastructure;

namespace AgentPlatform.Api.Sessions;

/// <summary>The session commands: each loads the aggregate, asks it to change and saves it with its events.</summary>
public static class SessionCommands
{
    public static async Task<Results<Created<SessionDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateSessionRequest request, [AsParameters] SessionServices services, ClaimsPrincipal user, CancellationToken ct)
    {
        var idempotencyKey = services.Http.HttpContext?.Request.Headers["Idempotency-Key"].ToString();
        var errors = request.Validate();
        if (idempotencyKey is { Length: > 200 })
        {
            errors["Idempotency-Key"] = ["The Idempotency-Key header may have at most 200 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var owner = user.FindFirstValue("sub")!;
        if (!string.IsNullOrEmpty(idempotencyKey))
        {
            var replay = await services.Idempotency.FindAsync(idempotencyKey, request, ct);
            if (replay is not null)
            {
                return replay;
            }
        }

        var defaults = services.Defaults.Value;
        var created = await services.Limits.WithinCapAsync(async () =>
        {
            services.Db.ChangeTracker.Clear();
            var session = Session.Create(owner, request.Prompt!, request.TaskType ?? TaskType.General,
                request.TokenBudget ?? defaults.DefaultTokenBudget, request.MaxSteps ?? defaults.DefaultMaxSteps,
                services.Models.ModelFor(request.TaskType ?? TaskType.General), services.Clock.GetUtcNow());
            var webhook = request.Webhook ?? DefaultWebhook(services.DefaultWebhook.Value);
            if (webhook is { Url: { } url })
            {
                session.SetWebhook(url, webhook.Secret);
            }

            var dto = SessionDto.From(session);
            services.Db.Sessions.Add(session);
            if (!string.IsNullOrEmpty(idempotencyKey))
            {
                return (dto, Raced: await services.Idempotency.SaveWithRecordAsync(owner, idempotencyKey, request, dto, ct), RunId: session.ActiveRun!.Id);
            }

            await services.Db.SaveChangesAsync(ct);
            return (dto, Raced: null, RunId: session.ActiveRun!.Id);
        }, ct);
        if (created.Raced is { } raced)
        {
            return raced;
        }

        var dto = created.dto;
        System.Diagnostics.Activity.Current?.SetTag(SessionScopeFilter.SessionIdTag, dto.Id.ToString());
        // Committed: the run is the outbox record, so from here on it runs even if enqueueing fails now.
        services.Outbox.DispatchCreated(dto.Id, created.RunId);
        return TypedResults.Created($"/api/v1/sessions/{dto.Id}", dto);
    }

    public static async Task<Results<Accepted<SessionDto>, ValidationProblem, ProblemHttpResult>> SendMessageAsync(
        string id, SendMessageRequest request, [AsParameters] SessionServices services, CancellationToken ct)
    {
        if (!RouteIds.TryParse(id, out var sessionId, out var badId))
        {
            return badId;
        }

        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var strategy = request.MultitaskStrategy ?? MultitaskStrategy.Reject;
        var current = await services.Db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (current is null)
        {
            return RouteIds.NotFound("Session", id);
        }

        if (current.AwaitsElicitation)
        {
            return await AnswerServerAsync(sessionId, current.Elicitation!, request, services, ct);
        }

        if (request.AnswersServer)
        {
            throw new NothingPendingException($"Session {sessionId} is not waiting for an MCP server's request for input: send a prompt alone.");
        }

        Guid? resumed = null;
        List<Guid> interrupted = [];
        var now = services.Clock.GetUtcNow();
        Task<Session?> Update() => services.Db.UpdateSessionAsync(sessionId, s =>
        {
            interrupted = s.Runs.Where(r => r.Status == SessionStatus.Processing).Select(r => r.Id).ToList();
            // A question or a plan review is answered by a message; held tool calls are decided one by one instead.
            if (s.Status == SessionStatus.WaitingForInput && s.AwaitedInput?.Kind != PendingInputKind.Approval)
            {
                resumed = s.AnswerInput(request.Prompt!, now).Id;
                interrupted = [];
            }
            else
            {
                s.AddFollowUp(request.Prompt!, strategy, now);
                interrupted = strategy == MultitaskStrategy.Interrupt ? interrupted : [];
            }
        }, ct);

        // An answer adds no run; a follow-up does, so it is counted against the cap in the same transaction.
        var answers = current.Status == SessionStatus.WaitingForInput && current.AwaitedInput?.Kind != PendingInputKind.Approval;
        var session = answers ? await Update() : await services.Limits.WithinCapAsync(Update, ct);

        foreach (var runId in interrupted)
        {
            await services.Signals.CancelAsync(runId);
        }

        if (resumed is { } runToResume)
        {
            services.Outbox.Resume(runToResume);
        }
        else
        {
            services.Outbox.Dispatch(sessionId);
        }

        return TypedResults.Accepted($"/api/v1/sessions/{sessionId}", SessionDto.From(session!));
    }

    /// <summary>
    /// The answer to an MCP server's request for input, for the tool call still in flight in the Worker: recorded
    /// through the session (durably), then the Worker is woken over Redis. No job is enqueued: the call takes the answer.
    /// </summary>
    private static async Task<Results<Accepted<SessionDto>, ValidationProblem, ProblemHttpResult>> AnswerServerAsync(
        Guid sessionId, Core.Domain.Elicitation pending, SendMessageRequest request, SessionServices services, CancellationToken ct)
    {
        var (action, content, errors) = Elicitation.ElicitationReply.Read(pending, request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: $"The answer does not match what {pending.Tool} asked for.");
        }

        var session = await services.Db.UpdateSessionAsync(sessionId, s =>
        {
            // Checked again on the fresh copy: a second answer, or one after the request ended, is a 409.
            if (s.Elicitation?.Id != pending.Id)
            {
                throw new NothingPendingException($"Session {sessionId} no longer waits for that request for input.");
            }

            s.AnswerElicitation(action, content, services.Clock.GetUtcNow());
        }, ct);
        await services.Signals.InputAnsweredAsync(pending.RunId);
        return TypedResults.Accepted($"/api/v1/sessions/{sessionId}", SessionDto.From(session!));
    }

    public static async Task<Results<Accepted<SessionDto>, ValidationProblem, ProblemHttpResult>> StopAsync(
        string id, [AsParameters] SessionServices services, CancellationToken ct)
    {
        if (!RouteIds.TryParse(id, out var sessionId, out var badId))
        {
            return badId;
        }

        Run? marked = null;
        var heldByWorker = false;
        var session = await services.Db.UpdateSessionAsync(sessionId, s =>
        {
            // A run waiting for a server's answer is stopped here at once, but its tool call is still in a Worker.
            heldByWorker = s.AwaitsElicitation;
            marked = s.RequestStop(services.Clock.GetUtcNow());
        }, ct);
        if (session is null)
        {
            return RouteIds.NotFound("Session", id);
        }

        if (marked is { Status: SessionStatus.Processing } || (marked is not null && heldByWorker))
        {
            await services.Signals.CancelAsync(marked.Id);
        }

        return TypedResults.Accepted($"/api/v1/sessions/{sessionId}", SessionDto.From(session));
    }

    private static Webhooks.WebhookRequest? DefaultWebhook(Webhooks.WebhookDefaultOptions options) =>
        string.IsNullOrEmpty(options.Url) ? null : new(options.Url, options.Secret);
}
