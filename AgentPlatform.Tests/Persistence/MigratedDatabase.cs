using System.Collections.Concurrent;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Tests.Persistence;

/// <summary>A database of the shared PostgreSQL with the migrations applied, once per name for the test run.</summary>
internal static class MigratedDatabase
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<DbContextOptions<AgentDbContext>>>> Databases = new();

    public static Task<DbContextOptions<AgentDbContext>> GetAsync(LocalInfrastructure infrastructure, string name) =>
        Databases.GetOrAdd(name, n => new(() => MigrateAsync(infrastructure, n))).Value;

    private static async Task<DbContextOptions<AgentDbContext>> MigrateAsync(LocalInfrastructure infrastructure, string name)
    {
        var options = new DbContextOptionsBuilder<AgentDbContext>()
            .UseNpgsql(infrastructure.Database(name)).UseSnakeCaseNamingConvention().Options;
        await using var db = new AgentDbContext(options);
        await db.Database.MigrateAsync();
        return options;
    }
}
