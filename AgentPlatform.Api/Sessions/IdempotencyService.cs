using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace AgentPlatform.Api.Sessions;

/// <summary>
/// Idempotent session creation: the first answer to a key is stored with a hash of the request body (as parsed, so
/// whitespace does not matter) in the same transaction as the session.
/// </summary>
public sealed class IdempotencyService(AgentDbContext db, IHttpContextAccessor http)
{
    /// <summary>The stored answer for this key (200 with the first session), a 422 for another body, or null.</summary>
    public async Task<Results<Created<SessionDto>, ValidationProblem, ProblemHttpResult>?> FindAsync(
        string key, CreateSessionRequest request, CancellationToken ct)
    {
        var record = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, ct);
        if (record is null)
        {
            return null;
        }

        if (record.RequestHash != Hash(request))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused with another request",
                detail: $"The Idempotency-Key '{key}' was first used with a different request body; use a new key for a new request.");
        }

        http.HttpContext!.Response.Headers["Idempotent-Replayed"] = "true";
        var first = JsonSerializer.Deserialize<SessionDto>(record.ResponseJson, JsonDefaults.Options)!;
        return TypedResults.Created($"/api/v1/sessions/{first.Id}", first);
    }

    /// <summary>Saves the pending session with its record; if a concurrent request won the key, returns its answer.</summary>
    public async Task<Results<Created<SessionDto>, ValidationProblem, ProblemHttpResult>?> SaveWithRecordAsync(
        string owner, string key, CreateSessionRequest request, SessionDto answer, CancellationToken ct)
    {
        db.IdempotencyRecords.Add(new IdempotencyRecord(owner, key, Hash(request), answer.Id,
            JsonSerializer.Serialize(answer, JsonDefaults.Options), answer.CreatedAt));
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return await FindAsync(key, request, ct)
                ?? throw new InvalidOperationException($"Idempotency-Key '{key}' collided but no record was found.", ex);
        }
    }

    private static string Hash(CreateSessionRequest request) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, JsonDefaults.Options)));
}
