namespace AgentPlatform.Tests.Streams;

public enum Transport
{
    ServerSentEvents,
    WebSocket,
    SignalR,
}
