using AgentPlatform.Core.Tools;

namespace AgentPlatform.Core.Domain.Events;

/// <summary>A tool's circuit changed state (a broadcast to every subscriber: sessionId null, seq null).</summary>
public sealed record ToolStatusData(string Name, string Description, bool Available, CircuitState Circuit, DateTimeOffset UpdatedAt) : IEventData
{
    public static ToolStatusData From(ToolState state) =>
        new(state.Name, state.Description, state.Available, state.Circuit, state.UpdatedAt);
}
