namespace AgentPlatform.Api.Streams;

/// <summary>The event log in PostgreSQL, read through short-lived owner-filtered contexts: a stream outlives the request scope that opened it.</summary>
public sealed class StreamEventLog(IServiceScopeFactory scopes) : IStreamEventLog
{
    public async Task<bool> SessionExistsAsync(StreamRequest request, CancellationToken cancellationToken)
    {
        await using var db = CreateContext(request.OwnerId, out var scope);
        await using (scope)
        {
            return await db.Sessions.AnyAsync(s => s.Id == request.SessionId, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<SessionEvent>> ReadAsync(StreamRequest request, long afterSeq, int take, CancellationToken cancellationToken)
    {
        await using var db = CreateContext(request.OwnerId, out var scope);
        await using (scope)
        {
            return await db.Events.AsNoTracking()
                .Where(e => e.SessionId == request.SessionId && e.Seq > afterSeq)
                .OrderBy(e => e.Seq).Take(take).ToListAsync(cancellationToken);
        }
    }

    private AgentDbContext CreateContext(string ownerId, out AsyncServiceScope scope)
    {
        scope = scopes.CreateAsyncScope();
        return new AgentDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>(), new StreamOwner(ownerId));
    }
}
