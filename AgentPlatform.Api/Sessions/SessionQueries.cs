using AgentPlatform.Core.Events;
using AgentPlatform.Api.Infrastructure;

namespace AgentPlatform.Api.Sessions;

/// <summary>The session queries: no tracking, filtered to the caller by the context's owner filter.</summary>
public static class SessionQueries
{
    public static async Task<Results<Ok<SessionDto>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, AgentDbContext db, CancellationToken ct)
    {
        if (!RouteIds.TryParse(id, out var sessionId, out var badId))
        {
            return badId;
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        return session is null ? RouteIds.NotFound("Session", id) : TypedResults.Ok(SessionDto.From(session));
    }

    public static async Task<Results<Ok<SessionPage>, ValidationProblem>> ListAsync(
        AgentDbContext db, string? status, string? taskType, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var statusFilter = WireEnum.Parse<SessionStatus>(status, "status", errors);
        var taskTypeFilter = WireEnum.Parse<TaskType>(taskType, "taskType", errors);
        var pageSize = limit ?? 20;
        if (pageSize is < 1 or > 100)
        {
            errors["limit"] = ["limit must be between 1 and 100."];
        }

        SessionCursor after = default;
        if (cursor is not null && !SessionCursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["cursor is not a cursor this API returned."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = db.Sessions.AsNoTracking();
        if (statusFilter is { } s)
        {
            query = query.Where(x => x.Status == s);
        }

        if (taskTypeFilter is { } t)
        {
            query = query.Where(x => x.TaskType == t);
        }

        if (cursor is not null)
        {
            // A row-value comparison, (created_at, id) < (@createdAt, @id): one index range scan.
            query = query.Where(x => EF.Functions.LessThan(ValueTuple.Create(x.CreatedAt, x.Id), ValueTuple.Create(after.CreatedAt, after.Id)));
        }

        var page = await query.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.Id)
            .Take(pageSize + 1).IgnoreAutoIncludes().ToListAsync(ct);
        var items = page.Take(pageSize).Select(SessionDto.From).ToList();
        var next = page.Count > pageSize ? new SessionCursor(items[^1].CreatedAt, items[^1].Id).Encode() : null;
        return TypedResults.Ok(new SessionPage(items, next));
    }

    public static async Task<Results<Ok<EventPage>, ValidationProblem, ProblemHttpResult>> EventsAsync(
        string id, AgentDbContext db, long? after, int? limit, CancellationToken ct)
    {
        if (!RouteIds.TryParse(id, out var sessionId, out var badId))
        {
            return badId;
        }

        var from = after ?? 0;
        var take = limit ?? 100;
        var errors = new Dictionary<string, string[]>();
        if (from < 0)
        {
            errors["after"] = ["after must be 0 or more."];
        }

        if (take is < 1 or > 1000)
        {
            errors["limit"] = ["limit must be between 1 and 1000."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return RouteIds.NotFound("Session", id);
        }

        var events = await db.Events.AsNoTracking()
            .Where(e => e.SessionId == sessionId && e.Seq > from)
            .OrderBy(e => e.Seq).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new EventPage(events.Select(EventEnvelope.From).ToList(), events.Count > 0 ? events[^1].Seq : from));
    }
}
