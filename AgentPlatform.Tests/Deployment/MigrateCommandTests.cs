using AgentPlatform.Api.Deployment;
using AgentPlatform.Core;
using AgentPlatform.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// The <c>migrate</c> command in this process (the deployment tests run it as a child process, which coverage does
/// not see): it creates a missing database, installs both schemas, and a second run finds nothing to do.
/// </summary>
public sealed class MigrateCommandTests(LocalInfrastructure infrastructure)
{
    [Theory]
    [InlineData(new[] { "migrate" }, true)]
    [InlineData(new[] { "migrate", "--verbose" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--migrate" }, false)]
    [InlineData(new[] { "run", "migrate" }, false)]
    public void Only_a_first_argument_of_migrate_requests_it(string[] args, bool requested)
    {
        Assert.Equal(requested, MigrateCommand.IsRequested(args));
    }

    [Fact]
    public async Task It_creates_the_database_and_both_schemas_and_a_second_run_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = infrastructure.Database("migrate_" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(0, await MigrateCommand.RunAsync(Builder(connectionString)));
        var migrations = await CountAsync(connectionString, "SELECT count(*) FROM \"__EFMigrationsHistory\"", ct);
        await using (var db = new AgentDbContext(new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(connectionString).Options))
        {
            Assert.Equal(db.Database.GetMigrations().Count(), migrations);
        }

        Assert.Equal(1, await CountAsync(connectionString, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job'", ct));
        Assert.Equal(1, await CountAsync(connectionString, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'sessions'", ct));

        Assert.Equal(0, await MigrateCommand.RunAsync(Builder(connectionString)));
        Assert.Equal(migrations, await CountAsync(connectionString, "SELECT count(*) FROM \"__EFMigrationsHistory\"", ct));
    }

    [Fact]
    public async Task Without_a_connection_string_it_fails_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MigrateCommand.RunAsync(Builder(null)));
        Assert.Equal($"ConnectionStrings:{ResourceNames.Database} is not configured.", error.Message);
    }

    private static WebApplicationBuilder Builder(string? connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [MigrateCommand.Name], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.Database}"] = connectionString });
        return builder;
    }

    private static async Task<long> CountAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
