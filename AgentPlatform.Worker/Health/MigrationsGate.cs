namespace AgentPlatform.Worker.Health;

/// <summary>
/// Holds the Worker's start (and so its Hangfire server) until the Api has applied every migration, so no job runs on
/// an old schema. Registered before the Hangfire server.
/// </summary>
public sealed partial class MigrationsGate(IServiceScopeFactory scopes, ILogger<MigrationsGate> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (pending == 0)
            {
                return;
            }

            LogWaiting(logger, pending);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the Api to apply {Pending} migration(s)")]
    private static partial void LogWaiting(ILogger logger, int pending);
}
