using System.Globalization;

namespace AgentPlatform.Worker.Tools.Circuits;

/// <summary>Names one Worker process among its replicas: machine, process id and a random suffix (ids get reused).</summary>
public static class WorkerInstance
{
    public static string NewId() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
}
