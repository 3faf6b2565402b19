using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Tools.Circuits;

/// <summary>
/// How this Worker publishes its tool states, from <c>Tools:States</c>: with a time to live of <see cref="TimeToLive"/>
/// that a heartbeat renews every <see cref="HeartbeatInterval"/>, so a Worker that dies stops counting once its states
/// expire.
/// </summary>
public sealed class ToolStateOptions : IValidatableObject
{
    public const string Section = "Tools:States";

    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(20);

    [Range(typeof(TimeSpan), "00:00:00.5", "1.00:00:00", ParseLimitsInInvariantCulture = true)]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // One missed heartbeat (a slow Redis, a retry) must not make a live Worker's states vanish.
        if (TimeToLive < 2 * HeartbeatInterval)
        {
            yield return new ValidationResult(
                $"{nameof(TimeToLive)} must be at least twice {nameof(HeartbeatInterval)}.", [nameof(TimeToLive), nameof(HeartbeatInterval)]);
        }
    }
}
