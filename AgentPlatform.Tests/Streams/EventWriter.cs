using AgentPlatform.Core;
using AgentPlatform.Core.Events;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// Writes durable events fast, without the Worker: straight through <see cref="AgentDbContext"/> and the session
/// aggregate, with the Api's publisher (or none, to play a lost Redis message). Its sessions' runs carry a job id, so
/// no Worker ever picks them up and adds events of its own.
/// </summary>
public sealed class EventWriter(IServiceProvider services)
{
    /// <summary>A session with seq 1 (session.created) and 2 (run.queued).</summary>
    public async Task<Guid> CreateSessionAsync(string owner, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = Context(scope, publish: true);
        var session = Session.Create(owner, "stream test", TaskType.General, 4000, 20, "test-model", DateTimeOffset.UtcNow);
        session.Runs[0].AssignJob("stream-test");
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>Appends <paramref name="count"/> agent.thinking events in one save.</summary>
    /// <returns>The last seq written.</returns>
    public async Task<long> AppendAsync(Guid sessionId, int count, CancellationToken ct, bool publish = true, int textLength = 16)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = Context(scope, publish);
        var text = new string('x', textLength);
        var session = await db.UpdateSessionAsync(sessionId, s =>
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < count; i++)
            {
                s.RecordThinking(s.Runs[0].Id, text, i, now);
            }
        }, ct);
        return session!.LastEventSeq;
    }

    private static AgentDbContext Context(AsyncServiceScope scope, bool publish) =>
        new(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>(), owner: null,
            publish ? scope.ServiceProvider.GetServices<ISavedEventsObserver>() : []);
}
