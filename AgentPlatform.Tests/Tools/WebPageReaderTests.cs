using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AgentPlatform.Tests.Tools;

/// <summary>How web_fetch renders a response for the model: text as text, HTML reduced, anything else described.</summary>
public sealed class WebPageReaderTests
{
    private static readonly Uri Url = new("https://example.com/page");

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/csv")]
    [InlineData("application/json")]
    [InlineData("application/problem+json")]
    [InlineData("application/xml")]
    [InlineData("application/atom+xml")]
    [InlineData("application/javascript")]
    [InlineData("TEXT/PLAIN")]
    public async Task Text_media_types_are_shown_as_they_are(string mediaType)
    {
        var page = await ReadAsync(Utf8("<b>a</b> & b"), mediaType);

        Assert.Equal($"URL: {Url}\nStatus: 200 OK\nContent-Type: {mediaType.ToLowerInvariant()}\n\n<b>a</b> & b", page);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xhtml+xml")]
    [InlineData(null)]
    public async Task Html_is_reduced_to_text_also_when_no_media_type_is_given(string? mediaType)
    {
        var page = await ReadAsync(Utf8("  <html><body><p>Hello &amp; welcome</p></body></html>"), mediaType);

        Assert.EndsWith("\n\nHello & welcome", page);
        Assert.Contains($"Content-Type: {mediaType ?? "unknown"}\n", page);
    }

    [Fact]
    public async Task Text_without_a_media_type_and_without_markup_is_shown_as_it_is()
    {
        var page = await ReadAsync(Utf8("plain words"), mediaType: null);

        Assert.Equal($"URL: {Url}\nStatus: 200 OK\nContent-Type: unknown\n\nplain words", page);
    }

    [Theory]
    [InlineData("image/png", "[4 bytes of image/png content, not shown]")]
    [InlineData("application/octet-stream", "[4 bytes of application/octet-stream content, not shown]")]
    [InlineData(null, "[4 bytes of binary content, not shown]")]
    public async Task Binary_content_is_described_not_shown(string? mediaType, string description)
    {
        var page = await ReadAsync([0x89, 0x50, 0x00, 0x47], mediaType);

        Assert.EndsWith("\n\n" + description, page);
    }

    [Theory]
    [InlineData("iso-8859-1")]
    [InlineData("\"ISO-8859-1\"")]
    public async Task The_declared_charset_decodes_the_text(string charset)
    {
        var page = await ReadAsync(Encoding.Latin1.GetBytes("café"), "text/plain", charset);

        Assert.EndsWith("\n\ncafé", page);
    }

    [Fact]
    public async Task An_unknown_charset_falls_back_to_utf8()
    {
        var page = await ReadAsync(Utf8("café"), "text/plain", "klingon-1");

        Assert.EndsWith("\n\ncafé", page);
    }

    [Fact]
    public async Task Only_max_bytes_are_read_and_the_cut_is_said()
    {
        var page = await ReadAsync(Utf8(new string('a', 3000)), "text/plain", maxBytes: 2048);

        Assert.EndsWith("\n\n" + new string('a', 2048) + "\n\n[content truncated: only the first 2 KB were read]", page);
    }

    [Fact]
    public async Task Exactly_max_bytes_is_not_a_cut_and_the_status_line_is_the_response_s()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent(Utf8(new string('a', 2048))) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        var page = await WebPageReader.ReadAsync(Url, response, 2048, TestContext.Current.CancellationToken);

        Assert.StartsWith($"URL: {Url}\nStatus: 404 Not Found\n", page);
        Assert.DoesNotContain("truncated", page);
    }

    private static async Task<string> ReadAsync(byte[] body, string? mediaType, string? charset = null, int maxBytes = 1024 * 1024)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = mediaType is null ? null : new MediaTypeHeaderValue(mediaType) { CharSet = charset };
        return await WebPageReader.ReadAsync(Url, response, maxBytes, TestContext.Current.CancellationToken);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
