using AgentPlatform.Core.Persistence;
using AgentPlatform.Worker.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Retention;

/// <summary>
/// The retention job against a real PostgreSQL: it prunes events, checkpoints and stored memory of sessions that
/// ended longer ago than each age, and keeps recent sessions and sessions still running, however old.
/// </summary>
public sealed class RetentionJobTests(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _database = "retention_" + Guid.NewGuid().ToString("N")[..8];

    public async ValueTask InitializeAsync()
    {
        await using var db = Context();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Pruning_removes_by_age_what_ended_sessions_no_longer_need_and_keeps_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        var old = await SeedAsync(ended: true, Now.AddDays(-100), ct);
        var middle = await SeedAsync(ended: true, Now.AddDays(-40), ct);
        var recent = await SeedAsync(ended: true, Now.AddDays(-2), ct);
        var running = await SeedAsync(ended: false, Now.AddDays(-200), ct);

        var first = await PruneAsync(ct);
        var again = await PruneAsync(ct);

        // Events after 90 days: only the old session's; checkpoints and memory after 30 days: old and middle.
        Assert.Equal((0, 0, false), await LeftAsync(old, ct));
        var middleLeft = await LeftAsync(middle, ct);
        Assert.True(middleLeft.Events > 0 && middleLeft.Checkpoints == 0 && !middleLeft.Memory, $"40-day-old session: {middleLeft}");
        var kept = await LeftAsync(recent, ct);
        Assert.True(kept.Events > 0 && kept.Checkpoints == 1 && kept.Memory, $"recent session pruned: {kept}");
        var live = await LeftAsync(running, ct);
        Assert.True(live.Events > 0 && live.Checkpoints == 1 && live.Memory, $"running session pruned: {live}");
        Assert.True(first.Events > 0);
        Assert.Equal(2, first.Checkpoints);
        Assert.Equal(2, first.Memories);
        Assert.Equal(new RetentionResult(0, 0, 0), again);
    }

    private async Task<RetentionResult> PruneAsync(CancellationToken ct)
    {
        await using var db = Context();
        var job = new RetentionJob(db, Options.Create(new RetentionOptions { Enabled = true }), new FixedTime(Now), NullLogger<RetentionJob>.Instance);
        return await job.PruneAsync(ct);
    }

    /// <summary>A session with one run, a checkpoint and a stored memory, last changed at <paramref name="at"/>.</summary>
    private async Task<Guid> SeedAsync(bool ended, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = Context();
        var session = Session.Create("retention-user", "keep or prune me", TaskType.SimpleQuery, 4000, 10, "m", at);
        var run = session.Runs[0];
        run.AssignJob("retention");
        session.StartRun(run.Id, "m", at);
        session.RememberMemory(run.Id, "{\"summary\":\"kept\"}", at);
        if (ended)
        {
            session.CompleteRun(run.Id, "done", at);
        }

        db.Sessions.Add(session);
        db.RunCheckpoints.Add(RunCheckpoint.ForModel(run.Id, 1, "{}", at));
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    private async Task<(int Events, int Checkpoints, bool Memory)> LeftAsync(Guid sessionId, CancellationToken ct)
    {
        await using var db = Context();
        var events = await db.Events.CountAsync(e => e.SessionId == sessionId, ct);
        var checkpoints = await db.RunCheckpoints.CountAsync(c => db.Runs.Any(r => r.Id == c.RunId && r.SessionId == sessionId), ct);
        var memory = await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.MemoryJson != null).SingleAsync(ct);
        return (events, checkpoints, memory);
    }

    private AgentDbContext Context() =>
        new(new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(infrastructure.Database(_database)).UseSnakeCaseNamingConvention().Options);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
