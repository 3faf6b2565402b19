using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace AgentPlatform.Worker.Agents.Planning;

/// <summary>
/// The response format of a planning call: the JSON Schema of <see cref="PlanProposal"/> (generated from the record),
/// with the plan's size limits in it: 1 to the plan's maximum of steps, titles of 1 to <see cref="PlanParser.MaxTitleLength"/>
/// characters, nothing else.
/// </summary>
public static class PlanFormat
{
    public const string SchemaName = "plan";

    private static readonly ConcurrentDictionary<int, ChatResponseFormat> Formats = new();

    public static ChatResponseFormat For(int maxSteps) => Formats.GetOrAdd(maxSteps, max =>
        ChatResponseFormat.ForJsonSchema(Schema(max), SchemaName, "The steps of a plan, in the order they are carried out."));

    public static JsonElement Schema(int maxSteps)
    {
        var schema = JsonDefaults.WriteOnly.GetJsonSchemaAsNode(typeof(PlanProposal), new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
        }).AsObject();
        Close(schema);
        var steps = schema["properties"]!["steps"]!.AsObject();
        steps["minItems"] = 1;
        steps["maxItems"] = maxSteps;
        var items = steps["items"]!.AsObject();
        Close(items);
        var title = items["properties"]!["title"]!.AsObject();
        title["minLength"] = 1;
        title["maxLength"] = PlanParser.MaxTitleLength;
        return JsonSerializer.SerializeToElement(schema);
    }

    /// <summary>Every property required, no others: what strict structured output asks of a schema.</summary>
    private static void Close(JsonObject schema)
    {
        var properties = schema["properties"]!.AsObject();
        schema["required"] = new JsonArray([.. properties.Select(p => (JsonNode)p.Key)]);
        schema["additionalProperties"] = false;
    }
}
