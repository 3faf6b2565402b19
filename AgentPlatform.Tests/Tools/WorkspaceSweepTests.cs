using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Tools;

/// <summary>The workspace sweep against a real PostgreSQL: ended sessions' workspaces go after the retention time, the rest stay.</summary>
public sealed class WorkspaceSweepTests(LocalInfrastructure infrastructure) : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _database = "sweep_" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _root = Directory.CreateTempSubdirectory("agentplatform-sweep-").FullName;

    public async ValueTask InitializeAsync()
    {
        await using var db = Context();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Workspaces_of_sessions_ended_longer_ago_than_the_retention_are_deleted_and_the_rest_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        var endedLongAgo = Workspace(await SeedAsync(ended: true, Now.AddDays(-3), ct));
        var endedRecently = Workspace(await SeedAsync(ended: true, Now.AddHours(-2), ct));
        var runningForAges = Workspace(await SeedAsync(ended: false, Now.AddDays(-30), ct));
        var unknownOld = Workspace(Guid.NewGuid(), lastWritten: Now.AddDays(-3));
        var unknownNew = Workspace(Guid.NewGuid(), lastWritten: Now);
        var notAWorkspace = Directory.CreateDirectory(Path.Combine(_root, "keep-me")).FullName;
        Directory.SetLastWriteTimeUtc(notAWorkspace, Now.AddDays(-300).UtcDateTime);

        var first = await SweepAsync(ct);
        var again = await SweepAsync(ct);

        Assert.Equal(2, first);
        Assert.Equal(0, again);
        Assert.False(Directory.Exists(endedLongAgo));
        Assert.False(Directory.Exists(unknownOld));
        Assert.All([endedRecently, runningForAges, unknownNew, notAWorkspace], d => Assert.True(Directory.Exists(d), d));
    }

    private async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var db = Context();
        var sweep = new WorkspaceSweep(
            db, Options.Create(new ToolOptions { WorkspaceRoot = _root }), Options.Create(new FileEditorOptions { KeepWorkspacesFor = TimeSpan.FromDays(1) }),
            new FixedTime(Now), NullLogger<WorkspaceSweep>.Instance);
        return await sweep.SweepAsync(ct);
    }

    /// <summary>A workspace folder with a file in it, for the session <paramref name="id"/>.</summary>
    private string Workspace(Guid id, DateTimeOffset? lastWritten = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, id.ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.md"), "work\n");
        Directory.SetLastWriteTimeUtc(folder, (lastWritten ?? Now).UtcDateTime);
        return folder;
    }

    private async Task<Guid> SeedAsync(bool ended, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = Context();
        var session = Session.Create("sweep-user", "work in a workspace", TaskType.SimpleQuery, 4000, 10, "m", at);
        var run = session.Runs[0];
        run.AssignJob("sweep");
        session.StartRun(run.Id, "m", at);
        if (ended)
        {
            session.CompleteRun(run.Id, "done", at);
        }

        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    private AgentDbContext Context() =>
        new(new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(infrastructure.Database(_database)).UseSnakeCaseNamingConvention().Options);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
