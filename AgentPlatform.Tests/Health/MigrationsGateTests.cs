using AgentPlatform.Worker.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Tests.Health;

/// <summary>The Worker's start waits for the Api's migrations: against a real PostgreSQL, before and after they are applied.</summary>
public sealed class MigrationsGateTests(LocalInfrastructure infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_start_returns_at_once_on_a_migrated_database()
    {
        var database = new ScratchDatabase(infrastructure, "gate");
        await database.MigrateAsync(_ct);
        var (gate, logs) = Gate(database);

        await gate.StartAsync(_ct).WaitAsync(TimeSpan.FromSeconds(30), _ct);

        Assert.DoesNotContain(logs.Lines, l => l.Contains("Waiting for the Api", StringComparison.Ordinal));
        await gate.StopAsync(_ct);
    }

    [Fact]
    public async Task The_start_waits_while_migrations_are_pending_and_returns_once_they_are_applied()
    {
        var database = new ScratchDatabase(infrastructure, "gate");
        await using (var db = database.Context())
        {
            await db.GetService<IRelationalDatabaseCreator>().CreateAsync(_ct);
        }

        var (gate, logs) = Gate(database);

        var start = gate.StartAsync(_ct);
        await Poll.UntilAsync(() => Task.FromResult(logs.Lines.Count), _ => logs.Lines.Any(IsWaiting), TimeSpan.FromSeconds(30), _ct);
        Assert.False(start.IsCompleted);
        await using (var db = database.Context())
        {
            Assert.Contains(logs.Lines, l => l.Contains($"apply {db.Database.GetMigrations().Count()} migration(s)", StringComparison.Ordinal));
        }

        await database.MigrateAsync(_ct);

        await start.WaitAsync(TimeSpan.FromSeconds(30), _ct);
        await using var migrated = database.Context();
        Assert.Empty(await migrated.Database.GetPendingMigrationsAsync(_ct));
    }

    [Fact]
    public async Task A_stop_while_waiting_ends_the_start()
    {
        var database = new ScratchDatabase(infrastructure, "gate");
        await using (var db = database.Context())
        {
            await db.GetService<IRelationalDatabaseCreator>().CreateAsync(_ct);
        }

        var (gate, logs) = Gate(database);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(_ct);

        var start = gate.StartAsync(stopping.Token);
        await Poll.UntilAsync(() => Task.FromResult(logs.Lines.Count), _ => logs.Lines.Any(IsWaiting), TimeSpan.FromSeconds(30), _ct);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(TimeSpan.FromSeconds(30), _ct));
    }

    private static bool IsWaiting(string line) => line.Contains("Waiting for the Api to apply", StringComparison.Ordinal);

    private static (MigrationsGate Gate, CapturingLoggerProvider Logs) Gate(ScratchDatabase database)
    {
        var logs = new CapturingLoggerProvider();
        var services = database.AddTo(new ServiceCollection()).BuildServiceProvider();
        var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        return (new MigrationsGate(services.GetRequiredService<IServiceScopeFactory>(), factory.CreateLogger<MigrationsGate>()), logs);
    }
}
