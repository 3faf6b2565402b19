using System.Text.Json;

namespace AgentPlatform.Core.Domain;

/// <summary>How a session stores its plan: the steps as one JSON array (the <c>plan</c> jsonb column).</summary>
internal static class PlanStorage
{
    /// <remarks>Every caller refuses an empty plan first, so an empty list is never written.</remarks>
    public static string Write(IReadOnlyList<PlanStep> steps) => JsonSerializer.Serialize(steps, JsonDefaults.Options);

    public static IReadOnlyList<PlanStep> Read(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<PlanStep>>(json, JsonDefaults.Options) ?? [];
}
