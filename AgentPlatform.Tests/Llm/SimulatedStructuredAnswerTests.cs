using System.Text.Json;
using AgentPlatform.Worker.Llm;

namespace AgentPlatform.Tests.Llm;

/// <summary>The simulated model's structured plan keeps to whatever shape and limits the schema it is given sets.</summary>
public sealed class SimulatedStructuredAnswerTests
{
    private static readonly string[] Titles = ["First step", "Second step", "Third step"];

    [Theory]
    [InlineData("""{}""", """{"steps":["First step","Second step","Third step"]}""")]
    [InlineData("""{"properties":{"other":{}}}""", """{"steps":["First step","Second step","Third step"]}""")]
    [InlineData("""{"properties":{"steps":{"maxItems":2}}}""", """{"steps":["First step","Second step"]}""")]
    [InlineData("""{"properties":{"steps":{"maxItems":"two"}}}""", """{"steps":["First step","Second step","Third step"]}""")]
    [InlineData("""{"properties":{"steps":{"maxItems":0}}}""", """{"steps":["First step"]}""")]
    [InlineData("""{"properties":{"steps":{"maxItems":2.5}}}""", """{"steps":["First step","Second step","Third step"]}""")]
    [InlineData("""{"properties":{"steps":{"items":{"type":"string","maxLength":5}}}}""", """{"steps":["First","Secon","Third"]}""")]
    [InlineData("""{"properties":{"steps":{"items":{"type":"string"}}}}""", """{"steps":["First step","Second step","Third step"]}""")]
    [InlineData("""{"properties":{"steps":{"items":{"properties":{"name":{}}}}}}""", """{"steps":["First step","Second step","Third step"]}""")]
    [InlineData("""{"properties":{"steps":{"maxItems":1,"items":{"properties":{"title":{"maxLength":3}}}}}}""", """{"steps":[{"title":"Fir"}]}""")]
    [InlineData("""{"properties":{"steps":{"items":{"properties":{"title":{"type":"string"}}}}}}""", """{"steps":[{"title":"First step"},{"title":"Second step"},{"title":"Third step"}]}""")]
    [InlineData("""{"properties":{"steps":true}}""", """{"steps":["First step","Second step","Third step"]}""")]
    public void The_plan_follows_the_schema(string schema, string expected)
    {
        using var document = JsonDocument.Parse(schema);

        Assert.Equal(expected, SimulatedStructuredAnswer.Plan(document.RootElement, Titles));
    }
}
