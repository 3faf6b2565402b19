using System.Reflection;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Streams;

/// <summary>A Redis that is down: every publish fails as a lost connection would.</summary>
public class FailingRedis : DispatchProxy
{
    public static IConnectionMultiplexer Create() => Create<IConnectionMultiplexer, FailingRedis>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IConnectionMultiplexer.GetSubscriber) => Create<ISubscriber, FailingRedis>(),
        nameof(ISubscriber.PublishAsync) => Task.FromException<long>(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is down (test)")),
        _ => throw new NotSupportedException(targetMethod?.Name),
    };
}
