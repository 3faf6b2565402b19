using System.Text.Json;
using AgentPlatform.Worker.Llm;
using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Memory;

/// <summary>The cheap compaction step on its own: which tool outputs become stubs, and what a stub says.</summary>
public sealed class ToolOutputMaskerTests
{
    private readonly ToolOutputMasker _masker = new(new TokenCounter(), new CompactionOptions { MaskMinTokens = 10, StubPreviewChars = 20 });

    [Fact]
    public void A_long_output_becomes_a_stub_with_its_size_its_start_and_its_call_and_the_message_keeps_its_identity()
    {
        var output = "first   words\nof the output " + string.Join(' ', Enumerable.Repeat("more", 60));
        var message = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", output), new TextContent("note")])
        {
            MessageId = "m1",
            AdditionalProperties = new() { ["k"] = "v" },
        };

        var masked = _masker.Mask(message);

        var stub = Assert.IsType<FunctionResultContent>(masked.Contents[0]);
        Assert.Equal("call_1", stub.CallId);
        Assert.Equal($"[archived tool output: {output.Length} characters, kept with call call_1. It began: first words of the…]", stub.Result);
        Assert.Equal("note", Assert.IsType<TextContent>(masked.Contents[1]).Text);
        Assert.Equal("m1", masked.MessageId);
        Assert.Equal("v", masked.AdditionalProperties!["k"]);
    }

    [Fact]
    public void A_structured_output_is_stubbed_from_its_text_and_a_null_one_is_left()
    {
        var json = JsonSerializer.SerializeToElement(new { items = Enumerable.Range(0, 60).ToArray() });
        var message = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("a", json), new FunctionResultContent("b", null)]);

        var masked = _masker.Mask(message);

        Assert.Equal($"[archived tool output: {json.ToString().Length} characters, kept with call a. It began: {{\"items\":[0,1,2,3,4,…]",
            (string)((FunctionResultContent)masked.Contents[0]).Result!);
        Assert.Null(((FunctionResultContent)masked.Contents[1]).Result);
    }

    [Fact]
    public void Short_outputs_stubs_and_other_roles_are_left_as_they_are()
    {
        var longText = string.Join(' ', Enumerable.Repeat("word", 80));
        var stubbed = ToolOutputMasker.StubPrefix + ": " + longText;
        ChatMessage[] untouched =
        [
            new(ChatRole.Tool, [new FunctionResultContent("a", "short")]),
            new(ChatRole.Tool, [new FunctionResultContent("a", stubbed)]),
            new(ChatRole.Assistant, longText),
            new(ChatRole.Tool, [new FunctionResultContent("a", new string('x', 130)), new FunctionResultContent("b", string.Join(' ', Enumerable.Repeat("w", 20)))]),
        ];

        Assert.All(untouched, m => Assert.Same(m, _masker.Mask(m)));
    }
}
