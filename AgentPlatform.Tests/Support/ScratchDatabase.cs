using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Support;

/// <summary>A database of its own on the shared PostgreSQL, for tests of the Worker's hosted services.</summary>
public sealed class ScratchDatabase(LocalInfrastructure infrastructure, string prefix)
{
    public string Name { get; } = prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    public string ConnectionString => infrastructure.Database(Name);

    public AgentDbContext Context() =>
        new(new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention().Options);

    /// <summary>Registers <see cref="AgentDbContext"/> on this database, as the Worker does.</summary>
    public IServiceCollection AddTo(IServiceCollection services) =>
        services.AddDbContext<AgentDbContext>(o => Options(o));

    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var db = Context();
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>A session with one run, ended (completed) at <paramref name="at"/> or still running.</summary>
    public async Task<Session> SeedSessionAsync(bool ended, DateTimeOffset at, CancellationToken ct, Action<Session>? configure = null)
    {
        await using var db = Context();
        var session = Session.Create("scratch-user", "a request", TaskType.SimpleQuery, 4000, 10, "m", at);
        configure?.Invoke(session);
        var run = session.Runs[0];
        run.AssignJob("scratch");
        session.StartRun(run.Id, "m", at);
        if (ended)
        {
            session.CompleteRun(run.Id, "done", at);
        }

        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    private DbContextOptionsBuilder Options(DbContextOptionsBuilder builder) =>
        builder.UseNpgsql(ConnectionString).UseSnakeCaseNamingConvention();
}
