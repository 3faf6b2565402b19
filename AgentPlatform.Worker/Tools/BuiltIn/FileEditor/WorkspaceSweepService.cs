using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Tools.BuiltIn.FileEditor;

/// <summary>
/// Runs <see cref="WorkspaceSweep"/> at start and every <see cref="FileEditorOptions.SweepInterval"/>, in every Worker
/// process (not as a Hangfire recurring job, which would run on one Worker and sweep only its disk).
/// </summary>
public sealed partial class WorkspaceSweepService(
    IServiceScopeFactory scopes, IOptions<FileEditorOptions> options, TimeProvider time, ILogger<WorkspaceSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // Made here, not registered: the tool's registration then needs no database (hosts without one build).
                await ActivatorUtilities.CreateInstance<WorkspaceSweep>(scope.ServiceProvider).SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Npgsql.NpgsqlException or InvalidOperationException)
            {
                // The next interval tries again; a database outage must not stop the Worker.
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
