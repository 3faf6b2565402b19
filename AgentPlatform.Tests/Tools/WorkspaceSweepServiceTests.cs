using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Tools;

/// <summary>The workspace sweep as the Worker hosts it: at start, then every interval, and through a database outage.</summary>
public sealed class WorkspaceSweepServiceTests(LocalInfrastructure infrastructure) : IDisposable
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly string _root = Directory.CreateTempSubdirectory("agentplatform-sweep-service-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task It_sweeps_at_start_and_again_every_interval()
    {
        var database = new ScratchDatabase(infrastructure, "sweepsvc");
        await database.MigrateAsync(_ct);
        var atStart = Workspace(await database.SeedSessionAsync(ended: true, DateTimeOffset.UtcNow.AddDays(-3), _ct));
        var running = Workspace(await database.SeedSessionAsync(ended: false, DateTimeOffset.UtcNow.AddDays(-3), _ct));
        using var service = Service(database, TimeSpan.FromMinutes(10));

        await service.StartAsync(_ct);
        await Poll.UntilAsync(() => Task.FromResult(Directory.Exists(atStart)), exists => !exists, TimeSpan.FromSeconds(30), _ct);
        await service.StopAsync(_ct);

        Assert.True(Directory.Exists(running));
        using var periodic = Service(database, TimeSpan.FromMilliseconds(100));
        await periodic.StartAsync(_ct);
        var later = Workspace(await database.SeedSessionAsync(ended: true, DateTimeOffset.UtcNow.AddDays(-3), _ct));
        await Poll.UntilAsync(() => Task.FromResult(Directory.Exists(later)), exists => !exists, TimeSpan.FromSeconds(30), _ct);
        await periodic.StopAsync(_ct);
        Assert.True(Directory.Exists(running));
    }

    [Fact]
    public async Task A_database_outage_is_logged_and_the_next_interval_sweeps()
    {
        var database = new ScratchDatabase(infrastructure, "sweepsvc");
        var workspace = Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName;
        Directory.SetLastWriteTimeUtc(workspace, DateTime.UtcNow.AddDays(-3));
        using var service = Service(database, TimeSpan.FromMilliseconds(100));

        await service.StartAsync(_ct);
        await Poll.UntilAsync(() => Task.FromResult(_logs.Lines.Count), _ => _logs.Lines.Any(IsFailure), TimeSpan.FromSeconds(30), _ct);
        Assert.True(Directory.Exists(workspace));
        await database.MigrateAsync(_ct);

        await Poll.UntilAsync(() => Task.FromResult(Directory.Exists(workspace)), exists => !exists, TimeSpan.FromSeconds(30), _ct);
        await service.StopAsync(_ct);
        Assert.Contains(_logs.Lines, l => IsFailure(l) && l.StartsWith("Warning", StringComparison.Ordinal));
    }

    private static bool IsFailure(string line) => line.Contains("Workspace sweep failed", StringComparison.Ordinal);

    private string Workspace(Session session)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, session.Id.ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.md"), "work\n");
        return folder;
    }

    private WorkspaceSweepService Service(ScratchDatabase database, TimeSpan interval)
    {
        var services = database.AddTo(new ServiceCollection())
            .AddLogging(b => b.AddProvider(_logs))
            .AddSingleton(TimeProvider.System)
            .Configure<ToolOptions>(o => o.WorkspaceRoot = _root)
            .Configure<FileEditorOptions>(o => o.KeepWorkspacesFor = TimeSpan.FromDays(1))
            .BuildServiceProvider();
        return new WorkspaceSweepService(
            services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new FileEditorOptions { SweepInterval = interval }),
            TimeProvider.System,
            services.GetRequiredService<ILogger<WorkspaceSweepService>>());
    }
}
