using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Retention;

/// <summary>
/// The Hangfire recurring job that prunes by age (see <see cref="RetentionOptions"/>). Set-based deletes, so it is safe
/// to run twice and from two Workers at once (the second finds nothing older left).
/// </summary>
public sealed partial class RetentionJob(AgentDbContext db, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "retention";

    private static readonly SessionStatus[] Ended = [SessionStatus.Completed, SessionStatus.Incomplete, SessionStatus.Failed, SessionStatus.Stopped];

    public async Task<RetentionResult> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var eventsBefore = now - settings.EventsAfter;
        var checkpointsBefore = now - settings.CheckpointsAfter;
        var memoryBefore = now - settings.ArchivedMemoryAfter;

        var events = await db.Events
            .Where(e => db.Sessions.Any(s => s.Id == e.SessionId && Ended.Contains(s.Status) && s.UpdatedAt < eventsBefore))
            .ExecuteDeleteAsync(cancellationToken);
        var checkpoints = await db.RunCheckpoints
            .Where(c => db.Runs.Any(r => r.Id == c.RunId
                && db.Sessions.Any(s => s.Id == r.SessionId && Ended.Contains(s.Status) && s.UpdatedAt < checkpointsBefore)))
            .ExecuteDeleteAsync(cancellationToken);
        var memories = await db.Sessions
            .Where(s => s.MemoryJson != null && Ended.Contains(s.Status) && s.UpdatedAt < memoryBefore)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.MemoryJson, (string?)null).SetProperty(s => s.MemoryRunNumber, (int?)null), cancellationToken);

        var result = new RetentionResult(events, checkpoints, memories);
        LogPruned(logger, result.Events, result.Checkpoints, result.Memories);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention pruned {Events} events, {Checkpoints} checkpoints and {Memories} stored memories")]
    private static partial void LogPruned(ILogger logger, int events, int checkpoints, int memories);
}
