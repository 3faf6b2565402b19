using AgentPlatform.Core.Jobs;
using StackExchange.Redis;

namespace AgentPlatform.Api.Sessions;

/// <summary>
/// Tells the Worker that holds a run to cancel it, or that the input its tool call waits for was answered (Redis
/// pub/sub); the Worker also sees both in the database.
/// </summary>
public sealed class RunSignalPublisher(IConnectionMultiplexer redis)
{
    public Task CancelAsync(Guid runId) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RunSignals.CancelChannel), runId.ToString());

    public Task InputAnsweredAsync(Guid runId) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RunSignals.InputChannel), runId.ToString());
}
