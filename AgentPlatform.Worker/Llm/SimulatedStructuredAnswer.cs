using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentPlatform.Worker.Llm;

/// <summary>
/// The simulated model's plan as structured output: shaped by the schema the call carries (steps as objects with a
/// title, or as strings), within its limits (maxItems, maxLength), as a provider's constrained decoding would be.
/// </summary>
internal static class SimulatedStructuredAnswer
{
    public static string Plan(JsonElement schema, IReadOnlyList<string> titles)
    {
        var steps = schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty("steps", out var s) ? s : default;
        var max = Number(steps, "maxItems") ?? titles.Count;
        var items = steps.ValueKind == JsonValueKind.Object && steps.TryGetProperty("items", out var i) ? i : default;
        var asObjects = items.ValueKind == JsonValueKind.Object && items.TryGetProperty("properties", out var itemProperties)
            && itemProperties.TryGetProperty("title", out _);
        var titleLimit = asObjects ? Number(items.GetProperty("properties").GetProperty("title"), "maxLength") : Number(items, "maxLength");
        var array = new JsonArray([.. titles.Take(Math.Max(1, max)).Select(t =>
        {
            var title = titleLimit is { } limit && t.Length > limit ? t[..limit] : t;
            return asObjects ? new JsonObject { ["title"] = title } : (JsonNode)JsonValue.Create(title);
        })]);
        return new JsonObject { ["steps"] = array }.ToJsonString();
    }

    private static int? Number(JsonElement schema, string keyword) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(keyword, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
