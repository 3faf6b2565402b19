using System.Text.Json;

namespace AgentPlatform.Core.Domain;

/// <summary>How a session stores its plan: the steps as one JSON array (the <c>plan</c> jsonb column).</summary>
internal static class PlanStorage
{
    public static string? Write(IReadOnlyList<PlanStep> steps) =>
        steps.Count == 0 ? null : JsonSerializer.Serialize(steps, JsonDefaults.Options);

    public static IReadOnlyList<PlanStep> Read(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<PlanStep>>(json, JsonDefaults.Options) ?? [];
}
