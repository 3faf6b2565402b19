using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentPlatform.Worker.Tools.Mcp;

/// <summary>
/// A tool result as text for the model: text content as is, structuredContent as JSON, resource links by URI, embedded
/// text resources with their text; images, audio and binary resources are not sent to a text model: the result says
/// what came back and how large it was.
/// </summary>
internal static class McpResultText
{
    public static string From(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            Append(text, block switch
            {
                TextContentBlock t => t.Text,
                ImageContentBlock i => $"[image returned: {i.MimeType}, {i.DecodedData.Length:N0} bytes, not shown]",
                AudioContentBlock a => $"[audio returned: {a.MimeType}, {a.DecodedData.Length:N0} bytes, not shown]",
                ResourceLinkBlock l => $"[resource link: {l.Uri}{(l.Name.Length > 0 ? $" ({l.Name})" : "")}]",
                EmbeddedResourceBlock { Resource: TextResourceContents r } => $"[resource {r.Uri}]\n{r.Text}",
                EmbeddedResourceBlock { Resource: BlobResourceContents b } =>
                    $"[resource returned: {b.Uri}, {b.MimeType ?? "binary"}, {b.Blob.Length:N0} base64 characters, not shown]",
                _ => $"[{block.Type} content returned, not shown]",
            });
        }

        if (result.StructuredContent is { } structured)
        {
            var json = JsonSerializer.Serialize(structured);
            // Servers often send the same JSON as text too (the spec asks them to); once is enough.
            if (!text.ToString().Contains(json, StringComparison.Ordinal))
            {
                Append(text, json);
            }
        }

        return text.Length == 0 ? "(the tool returned no content)" : text.ToString();
    }

    private static void Append(StringBuilder text, string part)
    {
        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(part);
    }
}
