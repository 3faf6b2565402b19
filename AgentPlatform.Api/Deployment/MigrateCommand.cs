namespace AgentPlatform.Api.Deployment;

/// <summary>
/// <c>AgentPlatform.Api migrate</c>: applies Hangfire's schema and the EF Core migrations, then exits (0 on success). The
/// deployment step before the Api starts: a compose service the Api depends on, a Kubernetes Job. Safe to run twice,
/// and from several places at once (see <see cref="DatabaseMigrator"/>).
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Database)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Database} is not configured.");
        builder.Services.AddDbContext<AgentDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        builder.Services.AddSingleton<DatabaseMigrator>();
        using var host = builder.Build();
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(stopping.Token);
        return 0;
    }
}
