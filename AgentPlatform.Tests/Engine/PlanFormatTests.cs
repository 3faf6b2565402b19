using System.Text.Json;
using System.Text.Json.Nodes;
using AgentPlatform.Worker.Agents;
using AgentPlatform.Worker.Agents.Planning;
using AgentPlatform.Worker.Llm;
using Microsoft.Extensions.AI;
using Json.Schema;

namespace AgentPlatform.Tests.Engine;

public sealed class PlanFormatTests
{
    [Fact]
    public void The_plan_schema_carries_the_size_limits_and_allows_nothing_else()
    {
        var schema = JsonNode.Parse(PlanFormat.Schema(3).GetRawText())!;
        var json = JsonSchema.FromText(schema.ToJsonString());

        Assert.True(json.Evaluate(JsonNode.Parse("""{"steps":[{"title":"a"},{"title":"b"},{"title":"c"}]}""")).IsValid);
        Assert.False(json.Evaluate(JsonNode.Parse("""{"steps":[{"title":"a"},{"title":"b"},{"title":"c"},{"title":"d"}]}""")).IsValid);
        Assert.False(json.Evaluate(JsonNode.Parse("""{"steps":[]}""")).IsValid);
        Assert.False(json.Evaluate(JsonNode.Parse($$"""{"steps":[{"title":"{{new string('x', 201)}}"}]}""")).IsValid);
        Assert.False(json.Evaluate(JsonNode.Parse("""{"steps":[{"title":"a","extra":1}]}""")).IsValid);
        Assert.False(json.Evaluate(JsonNode.Parse("""{"steps":["a"]}""")).IsValid);
    }

    [Fact]
    public async Task The_simulated_model_answers_a_plan_request_within_the_schema_it_carries()
    {
        using var chat = new SimulatedChatClient(new TokenCounter(), TimeSpan.Zero);
        var format = (ChatResponseFormatJson)PlanFormat.For(1);
        List<ChatMessage> messages = [new(ChatRole.User, "Do two things"), EnginePrompts.Plan(1, [])];

        var response = await chat.GetResponseAsync(messages, new ChatOptions { ResponseFormat = format }, TestContext.Current.CancellationToken);

        var answer = JsonNode.Parse(response.Text)!;
        Assert.True(JsonSchema.FromText(format.Schema!.Value.GetRawText()).Evaluate(answer).IsValid, response.Text);
        Assert.Single(answer["steps"]!.AsArray());
        Assert.Equal(["Understand the request"], PlanReader.Read(response.Text, "fallback", 1));
    }

    [Fact]
    public void The_fake_server_builds_structured_answers_within_the_schema_limits()
    {
        var schema = JsonNode.Parse(PlanFormat.Schema(2).GetRawText())!;

        var built = SchemaInstance.Build(schema, arrayItems: 5);

        Assert.Equal("""{"steps":[{"title":"steps 1 title"},{"title":"steps 2 title"}]}""", built.ToJsonString());
    }

    [Fact]
    public void The_fake_server_keeps_to_limits_the_adapter_moved_into_descriptions()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"steps":{"type":"array","description":"minItems: 1\nmaxItems: 2","items":{"type":"string","description":"maxLength: 4"}}},"required":["steps"]}""")!;

        Assert.Equal("""{"steps":["step","step"]}""", SchemaInstance.Build(schema, arrayItems: 9).ToJsonString());
    }

    [Fact]
    public void A_typed_plan_is_read_as_is_and_text_that_is_not_one_goes_through_the_parser()
    {
        Assert.Equal(["a", "b"], PlanReader.Read("""{"steps":[{"title":"a"},{"title":"b"}]}""", "x", 8));
        Assert.Equal(["a", "b"], PlanReader.Read("""Plan: {"steps":["a","b"]}""", "x", 8));
        Assert.Equal(["a"], PlanReader.Read("""{"steps":[{"title":"a"},{"title":"b"}]}""", "x", 1));
        Assert.Equal(["x"], PlanReader.Read("no plan here", "x", 8));
        Assert.Equal(["first", "second"], PlanReader.Read("1. first\n2. second", "x", 8));
    }
}
