namespace AgentPlatform.Bench.Capacity;

/// <summary>One reading of the Worker processes and PostgreSQL: runs executing, memory, CPU, connections.</summary>
public sealed record WorkerSample(DateTimeOffset At, int Active, long ResidentKiB, long CpuTicks, int Connections, int BusyConnections);
