using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace AgentPlatform.Core.Domain.Events;

/// <summary>
/// The published JSON Schema of every event type's <c>data</c>, generated from the <see cref="IEventData"/> records with
/// the contract's serializer options as they write (so names, enum values and number types are exactly what the events
/// carry): one entry per event
/// type under <c>$defs</c>.
/// </summary>
public static class EventSchema
{
    public const string Path = "/api/v1/events/schema";

    private static readonly Lazy<string> Text = new(() => Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The schema document, indented; the same text for the life of the process.</summary>
    public static string Json => Text.Value;

    public static JsonObject Build()
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = RequireEveryProperty,
        };
        var defs = new JsonObject();
        foreach (var (type, record) in EventCatalog.All)
        {
            var schema = JsonDefaults.WriteOnly.GetJsonSchemaAsNode(record, exporter);
            schema.AsObject()["title"] = type;
            defs[type] = schema;
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = Path,
            ["title"] = "AgentPlatform event data",
            ["description"] = "The data of each event type, under $defs by the event's type. Every field is always present; " +
                              "a field that may be null says so in its type.",
            ["$defs"] = defs,
        };
    }

    /// <summary>
    /// Enums as their wire values (the contract's converter is custom, which the exporter cannot see into); and every
    /// field required, since the contract writes every field, null ones included (JsonIgnoreCondition.Never).
    /// </summary>
    private static JsonNode RequireEveryProperty(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = context.TypeInfo.Type;
        var enumType = Nullable.GetUnderlyingType(type) ?? type;
        if (enumType.IsEnum)
        {
            var values = new JsonArray([.. Enum.GetNames(enumType).Select(n => (JsonNode)JsonNamingPolicy.SnakeCaseLower.ConvertName(n))]);
            if (enumType != type)
            {
                values.Add(null);
            }

            return new JsonObject { ["enum"] = values };
        }

        if (context.TypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object
            && context.PropertyInfo is null && schema is JsonObject obj && obj["properties"] is JsonObject properties)
        {
            obj["required"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]);
        }

        return schema;
    }
}
