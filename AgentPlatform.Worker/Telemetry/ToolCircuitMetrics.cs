using System.Diagnostics.Metrics;
using AgentPlatform.Core.Tools;
using AgentPlatform.Worker.Tools;

namespace AgentPlatform.Worker.Telemetry;

/// <summary>
/// <c>agentplatform.tool.circuit_state</c>: each tool's circuit on this Worker (0 closed, 1 half open, 2 open), observed
/// from the registry whenever metrics are collected.
/// </summary>
public sealed class ToolCircuitMetrics(IMeterFactory meters, ToolRegistry tools) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        meters.Create(ResourceNames.WorkerTelemetry).CreateObservableGauge(
            "agentplatform.tool.circuit_state",
            () => tools.GetStates().Select(t => new Measurement<int>(Value(t.Circuit), new KeyValuePair<string, object?>("tool", t.Name))),
            "{state}",
            "Tool circuit state: 0 closed, 1 half open, 2 open");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static int Value(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        _ => 2,
    };
}
