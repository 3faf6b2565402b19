using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentPlatform.Tests.Support;

/// <summary>
/// Builds a JSON value that satisfies a JSON Schema, as a provider's structured output does: every property listed,
/// arrays of the asked-for length clamped to minItems..maxItems, strings named after their path ("steps 1 title") and cut to
/// maxLength. The value is checked against the schema before it is returned. A limit may also come as
/// <c>maxItems: 8</c> in the description, where Microsoft.Extensions.AI's OpenAI adapter moves such keywords; a model
/// reads it there, so the fake keeps to it too.
/// </summary>
public static partial class SchemaInstance
{
    public static JsonNode Build(JsonNode schema, int arrayItems)
    {
        var value = Value(schema, "", arrayItems);
        var result = JsonSchema.FromText(schema.ToJsonString()).Evaluate(value);
        return result.IsValid ? value! : throw new InvalidOperationException($"The built value {value?.ToJsonString()} does not fit {schema.ToJsonString()}.");
    }

    private static JsonNode? Value(JsonNode? schema, string name, int arrayItems)
    {
        if (schema is not JsonObject s)
        {
            return JsonValue.Create(name);
        }

        if (s["enum"] is JsonArray values)
        {
            return values[0]?.DeepClone();
        }

        var type = s["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            var t => (string?)t,
        };
        return type switch
        {
            "object" => new JsonObject((s["properties"] as JsonObject ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Value(p.Value, $"{name} {p.Key}".Trim(), arrayItems)))),
            "array" => new JsonArray([.. Enumerable.Range(1, Math.Clamp(arrayItems, Limit(s, "minItems") ?? 0, Limit(s, "maxItems") ?? int.MaxValue))
                .Select(i => Value(s["items"], $"{name} {i}".Trim(), arrayItems))]),
            "integer" or "number" => JsonValue.Create((int?)s["minimum"] ?? 1),
            "boolean" => JsonValue.Create(true),
            _ => JsonValue.Create(Text(name, Limit(s, "minLength") ?? 0, Limit(s, "maxLength") ?? int.MaxValue)),
        };
    }

    private static int? Limit(JsonObject schema, string keyword) =>
        (int?)schema[keyword]
        ?? (DescribedLimit().Matches((string?)schema["description"] ?? "").FirstOrDefault(m => m.Groups["keyword"].Value == keyword) is { } match
            ? int.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<keyword>[A-Za-z]+):\s*(?<value>\d+)")]
    private static partial System.Text.RegularExpressions.Regex DescribedLimit();

    private static string Text(string name, int min, int max) => name.PadRight(min, '.') is var text && text.Length > max ? text[..max] : text;
}
