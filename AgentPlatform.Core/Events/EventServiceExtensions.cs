using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Core.Events;

public static class EventServiceExtensions
{
    /// <summary>
    /// Registers <see cref="IEventPublisher"/> over the host's <see cref="StackExchange.Redis.IConnectionMultiplexer"/>
    /// (<c>AddRedisClient</c>); <see cref="Persistence.AgentDbContext"/> then publishes every event it commits.
    /// </summary>
    public static IServiceCollection AddEventPublisher(this IServiceCollection services)
    {
        services.TryAddSingleton<IEventPublisher, RedisEventPublisher>();
        return services;
    }
}
