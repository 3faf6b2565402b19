using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// The safety net for lost Redis messages, once per process: every <see cref="StreamOptions.CatchUpInterval"/> it reads
/// the head seq (<see cref="Session.LastEventSeq"/>) of every session that has subscribers in this process in one query,
/// and tells the subscriptions behind it to read the log. An idle process makes one small query per interval however
/// many subscribers it holds; the log is read only by a subscription that is missing something.
/// </summary>
/// <remarks>
/// The query has no owner filter: it reads only seq numbers, of sessions whose subscriptions were authorized when they
/// were opened, and each subscription then reads the log filtered by its own owner. When the query fails (PostgreSQL
/// down), it is logged and tried again at the next interval; subscriptions go on with their live events meanwhile.
/// </remarks>
public sealed class CatchUpProbe(
    EventFanout fanout,
    IServiceScopeFactory scopes,
    IOptions<StreamOptions> options,
    TimeProvider clock,
    ILogger<CatchUpProbe> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CatchUpInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ProbeAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the subscriptions end with server_stopping on their own.
        }
    }

    /// <summary>Reads the heads of the sessions streamed here and signals the subscriptions behind them.</summary>
    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var subscribed = fanout.SubscriptionsBySession();
        if (subscribed.Count == 0)
        {
            return;
        }

        IReadOnlyDictionary<Guid, long> heads;
        try
        {
            heads = await ReadHeadsAsync([.. subscribed.Keys], cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            StreamsLog.ProbeFailed(logger, subscribed.Count, options.Value.CatchUpInterval, ex);
            return;
        }

        foreach (var (sessionId, head) in heads)
        {
            foreach (var subscription in subscribed[sessionId])
            {
                subscription.CatchUpTo(head);
            }
        }
    }

    private async Task<IReadOnlyDictionary<Guid, long>> ReadHeadsAsync(Guid[] sessionIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var db = new AgentDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>());
        return await db.Sessions.AsNoTracking()
            .Where(s => sessionIds.Contains(s.Id))
            .Select(s => new { s.Id, s.LastEventSeq })
            .ToDictionaryAsync(s => s.Id, s => s.LastEventSeq, cancellationToken);
    }
}
