using System.Text.Json.Nodes;

namespace AgentPlatform.Tests.Domain;

public sealed class EventSchemaBuildTests
{
    /// <summary>
    /// Built afresh rather than read from <see cref="EventSchema.Json"/>, which is computed once per process (so a
    /// mutant of the builder would be seen only by the first test that read it).
    /// </summary>
    [Fact]
    public void A_freshly_built_schema_is_the_committed_one()
    {
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Events", "event-schema.json")));

        Assert.True(JsonNode.DeepEquals(committed, EventSchema.Build()), "The built schema differs from Events/event-schema.json.");
        Assert.True(JsonNode.DeepEquals(committed, JsonNode.Parse(EventSchema.Json)));
        Assert.Contains("\n  \"", EventSchema.Json, StringComparison.Ordinal); // indented
    }
}
