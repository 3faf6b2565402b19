using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentPlatform.Tests.Events;

public sealed class EventSchemaTests
{
    public static TheoryData<string> Types() => [.. EventCatalog.All.Select(p => p.Key)];

    /// <summary>
    /// A record changed without the committed schema changing with it: the generated schema is written beside the
    /// committed one (event-schema.actual.json); review it, then copy it over event-schema.json.
    /// </summary>
    [Fact]
    public void The_generated_schema_is_the_committed_one()
    {
        var committed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "event-schema.json"));

        if (!JsonNode.DeepEquals(JsonNode.Parse(committed), JsonNode.Parse(EventSchema.Json)))
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "event-schema.actual.json"), EventSchema.Json);
            Assert.Fail("The event records changed but Events/event-schema.json did not: see event-schema.actual.json beside it.");
        }
    }

    [Fact]
    public void The_schema_has_one_definition_per_event_type()
    {
        var defs = JsonNode.Parse(EventSchema.Json)!["$defs"]!.AsObject();

        Assert.Equal(EventCatalog.All.Select(p => p.Key), defs.Select(d => d.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_payload_matches_its_published_schema(string type)
    {
        var data = JsonNode.Parse(EventCatalog.Serialize(EventSamples.All.Single(s => EventCatalog.TypeOf(s) == type)))!;

        var result = Evaluate(type, data);

        Assert.True(result.IsValid, Describe(result));
        var properties = JsonNode.Parse(EventSchema.Json)!["$defs"]![type]!["properties"]!.AsObject().Select(p => p.Key);
        Assert.Equal(properties, data.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void A_payload_with_a_renamed_field_or_an_unknown_enum_value_does_not_match()
    {
        var renamed = JsonNode.Parse("""{"step":1,"callId":"c","tool":"t","output":"x","isError":false}""")!;
        var badStatus = JsonNode.Parse("""{"index":1,"title":"t","status":"InProgress"}""")!;

        Assert.False(Evaluate(EventTypes.ToolResult, renamed).IsValid);
        Assert.False(Evaluate(EventTypes.PlanStepUpdated, badStatus).IsValid);
    }

    /// <summary>Evaluates against the type's definition on its own (the exporter inlines every type it reuses).</summary>
    private static EvaluationResults Evaluate(string type, JsonNode data)
    {
        var definition = JsonNode.Parse(EventSchema.Json)!["$defs"]![type]!.AsObject();
        definition["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        return JsonSchema.FromText(definition.ToJsonString()).Evaluate(data, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
