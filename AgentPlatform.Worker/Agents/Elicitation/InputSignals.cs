using System.Collections.Concurrent;
using AgentPlatform.Core.Jobs;
using StackExchange.Redis;

namespace AgentPlatform.Worker.Agents.Elicitation;

/// <summary>
/// Listens on Redis for the Api's "answered" signals (<see cref="RunSignals.InputChannel"/>) and wakes the tool call of
/// that run waiting in this Worker. A lost signal only delays the answer: the waiting call also polls the database.
/// </summary>
public sealed partial class InputSignals(IConnectionMultiplexer redis, ILogger<InputSignals> logger) : IHostedService
{
    private readonly RedisChannel _channel = RedisChannel.Literal(RunSignals.InputChannel);
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _waiting = new();

    /// <summary>Wakes on the run's signal until the returned listener is disposed.</summary>
    public Listener Listen(Guid runId)
    {
        var signal = new SemaphoreSlim(0);
        _waiting[runId] = signal;
        return new Listener(this, runId, signal);
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(_channel, (_, message) =>
        {
            if (Guid.TryParse(message.ToString(), out var runId) && _waiting.TryGetValue(runId, out var signal))
            {
                LogSignalled(logger, runId);
                signal.Release();
            }
        });

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(_channel);

    public sealed class Listener(InputSignals owner, Guid runId, SemaphoreSlim signal) : IDisposable
    {
        /// <summary>Waits for a signal or <paramref name="timeout"/>, whichever comes first.</summary>
        public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

        // The semaphore is not disposed: a signal handled on Redis' thread may still Release it after the removal, and a
        // SemaphoreSlim whose wait handle is never asked for holds nothing that needs disposing.
        public void Dispose() => owner._waiting.TryRemove(new KeyValuePair<Guid, SemaphoreSlim>(runId, signal));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Input answered for run {RunId}; waking its tool call")]
    private static partial void LogSignalled(ILogger logger, Guid runId);
}
