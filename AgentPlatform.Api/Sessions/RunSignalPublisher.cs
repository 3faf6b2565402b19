using AgentPlatform.Core.Jobs;
using StackExchange.Redis;

namespace AgentPlatform.Api.Sessions;

/// <summary>Tells the Worker that holds a run to cancel it (Redis pub/sub); the Worker also sees the stop in the database.</summary>
public sealed class RunSignalPublisher(IConnectionMultiplexer redis)
{
    public Task CancelAsync(Guid runId) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RunSignals.CancelChannel), runId.ToString());
}
