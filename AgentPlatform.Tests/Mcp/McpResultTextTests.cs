using System.Text.Json;
using AgentPlatform.Worker.Tools.Mcp;
using ModelContextProtocol.Protocol;

namespace AgentPlatform.Tests.Mcp;

/// <summary>What the model sees of an MCP result: text as is, binary content described, never inlined.</summary>
public sealed class McpResultTextTests
{
    [Fact]
    public void No_content_says_so()
    {
        Assert.Equal("(the tool returned no content)", McpResultText.From(new CallToolResult()));
    }

    [Fact]
    public void Each_kind_of_block_is_one_line_and_binary_content_is_described_not_shown()
    {
        var result = new CallToolResult
        {
            Content =
            [
                new TextContentBlock { Text = "hello" },
                ImageContentBlock.FromBytes(new byte[3], "image/png"),
                AudioContentBlock.FromBytes(new byte[2], "audio/wav"),
                new ResourceLinkBlock { Uri = "file:///a.txt", Name = "a" },
                new ResourceLinkBlock { Uri = "file:///b.txt", Name = "" },
                new EmbeddedResourceBlock { Resource = new TextResourceContents { Uri = "file:///c.txt", Text = "inside" } },
                new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(new byte[3], "file:///d.bin") },
            ],
        };

        Assert.Equal(
            "hello\n[image returned: image/png, 3 bytes, not shown]\n[audio returned: audio/wav, 2 bytes, not shown]\n" +
            "[resource link: file:///a.txt (a)]\n[resource link: file:///b.txt]\n[resource file:///c.txt]\ninside\n" +
            "[resource returned: file:///d.bin, binary, 4 base64 characters, not shown]",
            McpResultText.From(result));
    }

    [Fact]
    public void Structured_content_is_added_once_unless_the_text_already_holds_it()
    {
        var structured = JsonSerializer.SerializeToElement(new { n = 1 });
        var json = JsonSerializer.Serialize(structured);

        Assert.Equal($"note\n{json}", McpResultText.From(new CallToolResult { Content = [new TextContentBlock { Text = "note" }], StructuredContent = structured }));
        Assert.Equal(json, McpResultText.From(new CallToolResult { Content = [new TextContentBlock { Text = json }], StructuredContent = structured }));
        Assert.Equal(json, McpResultText.From(new CallToolResult { StructuredContent = structured }));
    }
}
