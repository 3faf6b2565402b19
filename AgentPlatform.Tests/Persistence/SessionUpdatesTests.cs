using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Tests.Persistence;

/// <summary>
/// Saving a session when another writer committed first: the change is applied again to a fresh copy, so neither
/// write is lost and no event number is used twice; other save failures are not retried.
/// </summary>
public sealed class SessionUpdatesTests(LocalInfrastructure infrastructure)
{
    private static readonly DateTimeOffset Now = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_change_that_lost_the_race_to_another_writer_is_applied_again_after_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var id = await SeedAsync(options, ct);
        var attempts = 0;

        await using var db = new AgentDbContext(options);
        var saved = await db.UpdateSessionAsync(id, s =>
        {
            if (++attempts == 1)
            {
                // Another writer commits between this writer's read and its save.
                CommitElsewhere(options, id, "the other writer");
            }

            s.RecordMessage(s.Runs[0].Id, "this writer", Now);
        }, ct);

        Assert.Equal(2, attempts);
        Assert.Equal(4, saved!.LastEventSeq);
        Assert.Equal(["the other writer", "this writer"], await MessagesAsync(options, id, ct));
    }

    [Fact]
    public async Task A_session_that_does_not_exist_is_null_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        await using var db = new AgentDbContext(options);
        var called = false;

        Assert.Null(await db.UpdateSessionAsync(Guid.NewGuid(), _ => called = true, ct));
        Assert.False(called);
    }

    [Fact]
    public async Task Event_numbers_taken_by_a_writer_that_does_not_touch_the_session_are_retried_up_to_the_limit_then_thrown()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var id = await SeedAsync(options, ct);
        await using (var other = new AgentDbContext(options))
        {
            // Seq 3 is taken without the session row changing: every attempt collides on the event index.
            other.Events.Add(new SessionEvent(id, 3, EventTypes.AgentThinking, null, """{"text":"x","planStep":null}""", Now));
            await other.SaveChangesAsync(ct);
        }

        var attempts = 0;
        await using var db = new AgentDbContext(options);
        var error = await Assert.ThrowsAsync<DbUpdateException>(() =>
            db.UpdateSessionAsync(id, s => { attempts++; s.RecordMessage(s.Runs[0].Id, "x", Now); }, ct));

        Assert.Equal(8, attempts);
        Assert.Contains("ix_session_events_session_id_seq", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_failure_that_is_not_a_lost_race_is_thrown_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var id = await SeedAsync(options, ct);
        var attempts = 0;
        await using var db = new AgentDbContext(options);

        // A checkpoint of a run that does not exist: a foreign key violation, which retrying cannot fix.
        await Assert.ThrowsAsync<DbUpdateException>(() => db.UpdateSessionAsync(id, s =>
        {
            attempts++;
            db.RunCheckpoints.Add(RunCheckpoint.ForModel(Guid.NewGuid(), 1, "{}", Now));
        }, ct));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_tracked_session_is_saved_without_reloading_and_its_written_events_are_detached()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var id = await SeedAsync(options, ct);
        await using var db = new AgentDbContext(options);
        var session = await db.Sessions.SingleAsync(s => s.Id == id, ct);

        var saved = await db.SaveTrackedSessionAsync(session, s => s.RecordMessage(s.Runs[0].Id, "tracked", Now), ct);

        Assert.Same(session, saved);
        Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.Entity is SessionEvent);
        Assert.Equal(["tracked"], await MessagesAsync(options, id, ct));
    }

    [Fact]
    public async Task A_tracked_session_another_writer_changed_gets_the_change_on_a_fresh_copy()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var id = await SeedAsync(options, ct);
        await using var db = new AgentDbContext(options);
        var session = await db.Sessions.SingleAsync(s => s.Id == id, ct);
        CommitElsewhere(options, id, "the other writer");
        var applied = 0;

        var saved = await db.SaveTrackedSessionAsync(session, s => { applied++; s.RecordMessage(s.Runs[0].Id, "tracked", Now); }, ct);

        Assert.NotSame(session, saved);
        Assert.Equal((2, 4L), (applied, saved!.LastEventSeq));
        Assert.Equal(["the other writer", "tracked"], await MessagesAsync(options, id, ct));
    }

    [Fact]
    public async Task A_session_this_context_does_not_track_is_loaded_fresh()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var id = await SeedAsync(options, ct);
        Session detached;
        await using (var first = new AgentDbContext(options))
        {
            detached = await first.Sessions.AsNoTracking().SingleAsync(s => s.Id == id, ct);
        }

        await using var db = new AgentDbContext(options);
        var saved = await db.SaveTrackedSessionAsync(detached, s => s.RecordMessage(s.Runs[0].Id, "fresh", Now), ct);

        Assert.NotSame(detached, saved);
        Assert.Equal(2, detached.LastEventSeq);
        Assert.Equal(["fresh"], await MessagesAsync(options, id, ct));
    }

    private static async Task<Guid> SeedAsync(DbContextOptions<AgentDbContext> options, CancellationToken ct)
    {
        await using var db = new AgentDbContext(options);
        var session = Session.Create("persistence-" + Guid.NewGuid().ToString("N")[..8], "p", TaskType.General, 4000, 10, "m", Now);
        session.Runs[0].AssignJob("no-worker");
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>Another writer's committed update, synchronously from inside a change (the change is an Action).</summary>
    private static void CommitElsewhere(DbContextOptions<AgentDbContext> options, Guid id, string text)
    {
        using var other = new AgentDbContext(options);
        var session = other.Sessions.SingleAsync(s => s.Id == id).GetAwaiter().GetResult();
        session.RecordMessage(session.Runs[0].Id, text, Now);
        // The change is a synchronous callback: wait for this writer's commit inside it.
        other.SaveChangesAsync().GetAwaiter().GetResult();
    }

    private static async Task<List<string>> MessagesAsync(DbContextOptions<AgentDbContext> options, Guid id, CancellationToken ct)
    {
        await using var db = new AgentDbContext(options);
        var events = await db.Events.Where(e => e.SessionId == id && e.Type == EventTypes.AgentMessage).OrderBy(e => e.Seq).ToListAsync(ct);
        return [.. events.Select(e => EventCatalog.Read<AgentMessageData>(e).Text)];
    }
}
