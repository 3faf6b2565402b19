using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Tools.Circuits;

/// <summary>
/// Each tool's circuit breaker, from <c>Tools:CircuitBreaker</c>: the circuit opens when at least
/// <see cref="FailureRatio"/> of the calls in <see cref="SamplingDuration"/> failed, once there were
/// <see cref="MinimumThroughput"/> calls, and stays open for <see cref="BreakDuration"/>.
/// </summary>
public sealed class ToolCircuitBreakerOptions
{
    public const string Section = "Tools:CircuitBreaker";

    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Polly needs at least 2.</summary>
    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    [Range(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(60);
}
