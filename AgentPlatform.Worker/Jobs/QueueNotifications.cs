using Npgsql;

namespace AgentPlatform.Worker.Jobs;

/// <summary>
/// Wakes the run host when a job is enqueued: Hangfire.PostgreSql sends <c>NOTIFY new_job</c> with every enqueue
/// (long polling), and this holds the one connection that listens for it (Hangfire's own workers hold one each while
/// idle). A poll every few seconds covers a notification lost while the connection was being reopened.
/// </summary>
public sealed partial class QueueNotifications(NpgsqlDataSource database, ILogger<QueueNotifications> logger)
{
    public const string Channel = "new_job";

    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Wakes <see cref="WaitAsync"/> (also used when a slot frees up).</summary>
    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers any number of reasons.
        }
    }

    /// <returns>Whether something woke it before <paramref name="timeout"/>.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    public async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                Wake(); // anything enqueued while no one listened
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                LogListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for enqueued jobs failed; polling until it is back")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
