using AgentPlatform.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Core.Events;

public static class EventServiceExtensions
{
    /// <summary>
    /// Registers <see cref="IEventPublisher"/> over the host's <see cref="StackExchange.Redis.IConnectionMultiplexer"/>
    /// (<c>AddRedisClient</c>), also as an <see cref="ISavedEventsObserver"/>: every event an
    /// <see cref="AgentDbContext"/> commits is then published.
    /// </summary>
    public static IServiceCollection AddEventPublisher(this IServiceCollection services)
    {
        // Safe to call more than once (the Worker's services and its tools both need it): one observer only.
        if (services.Any(d => d.ServiceType == typeof(RedisEventPublisher)))
        {
            return services;
        }

        services.TryAddSingleton<RedisEventPublisher>();
        services.TryAddSingleton<IEventPublisher>(sp => sp.GetRequiredService<RedisEventPublisher>());
        services.AddSingleton<ISavedEventsObserver>(sp => sp.GetRequiredService<RedisEventPublisher>());
        return services;
    }
}
