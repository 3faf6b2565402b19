using System.Text;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>Reads at most a given number of bytes of a response and renders them as text for the model.</summary>
internal static class WebPageReader
{
    public static async Task<string> ReadAsync(Uri url, HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var (bytes, cut) = await ReadLimitedAsync(response.Content, maxBytes, cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
        var header = $"URL: {url}\nStatus: {(int)response.StatusCode} {response.ReasonPhrase}\nContent-Type: {mediaType ?? "unknown"}\n\n";
        if (!IsText(mediaType, bytes))
        {
            return header + $"[{bytes.Length:N0} bytes of {mediaType ?? "binary"} content, not shown]";
        }

        var text = EncodingOf(response.Content.Headers.ContentType?.CharSet).GetString(bytes);
        if (mediaType is "text/html" or "application/xhtml+xml" || (mediaType is null && text.TrimStart().StartsWith('<')))
        {
            text = HtmlText.ToText(text);
        }

        return header + text + (cut ? $"\n\n[content truncated: only the first {maxBytes / 1024:N0} KB were read]" : "");
    }

    private static async Task<(byte[] Bytes, bool Cut)> ReadLimitedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total > maxBytes ? (buffer[..maxBytes], true) : (buffer[..total], false);
    }

    private static bool IsText(string? mediaType, byte[] bytes) => mediaType switch
    {
        null => !bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0),
        _ => mediaType.StartsWith("text/", StringComparison.Ordinal)
             || mediaType.EndsWith("+json", StringComparison.Ordinal) || mediaType.EndsWith("+xml", StringComparison.Ordinal)
             || mediaType is "application/json" or "application/xml" or "application/javascript" or "application/xhtml+xml",
    };

    private static Encoding EncodingOf(string? charset)
    {
        var name = charset?.Trim('"', '\'', ' ');
        var known = name is null ? null
            : Encoding.GetEncodings().FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        return known?.GetEncoding() ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }
}
