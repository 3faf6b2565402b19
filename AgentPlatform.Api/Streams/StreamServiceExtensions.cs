using AgentPlatform.Core.Events;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentPlatform.Api.Streams;

public static class StreamServiceExtensions
{
    /// <summary>The event publisher, the stream source and its catch-up probe, WebSocket keep-alive and SignalR with the Redis backplane.</summary>
    public static IHostApplicationBuilder AddEventStreams(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebSocketOptions>().Configure<IOptions<StreamOptions>>((ws, streams) => ws.KeepAliveInterval = streams.Value.WebSocketKeepAliveInterval);
        services.AddEventPublisher();
        services.AddSingleton<EventFanout>();
        services.AddSingleton<ILiveEventFeed>(sp => sp.GetRequiredService<EventFanout>());
        services.AddSingleton<IStreamEventLog, StreamEventLog>();
        services.AddSingleton<EventStreamSource>();
        services.AddSingleton<StreamMetrics>();
        services.AddHostedService<CatchUpProbe>();
        services.AddSingleton<HubSubscriptions>();
        services.AddOptions<HubOptions>().Configure<IOptions<StreamOptions>>((hub, streams) => hub.StatefulReconnectBufferSize = streams.Value.HubReconnectBufferBytes);

        var redis = builder.Configuration.GetConnectionString(ResourceNames.Redis)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ResourceNames.Redis} is not configured.");
        services.AddSignalR()
            .AddJsonProtocol(o => JsonDefaults.Configure(o.PayloadSerializerOptions))
            // Any replica can reach any connection; the hub's own channels stay apart from the event channels.
            .AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal("agentplatform:signalr"));
        return builder;
    }
}
