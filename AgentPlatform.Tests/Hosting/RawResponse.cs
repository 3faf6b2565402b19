using System.Globalization;
using System.Text;

namespace AgentPlatform.Tests.Hosting;

/// <summary>A parsed HTTP/1.1 answer: status, headers (names lower-cased) and the body as text.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");

    /// <summary>The answer in <paramref name="bytes"/>, or null while its head or its Content-Length body is incomplete.</summary>
    public static RawResponse? TryParse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2))
            .GroupBy(p => p[0].Trim().ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
        var body = text[(end + 4)..];
        if (headers.TryGetValue("content-length", out var length) && Encoding.UTF8.GetByteCount(body) < int.Parse(length, CultureInfo.InvariantCulture))
        {
            return null;
        }

        if (headers.GetValueOrDefault("transfer-encoding") == "chunked")
        {
            return body.EndsWith("0\r\n\r\n", StringComparison.Ordinal) ? new RawResponse(status, headers, Dechunk(body)) : null;
        }

        return new RawResponse(status, headers, body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(body[at..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
