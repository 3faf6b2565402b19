using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace AgentPlatform.Tests.Hosting;

/// <summary>
/// What <see cref="BareBadRequestBodies"/> rewrites: Kestrel's own empty 400 and nothing else (the end-to-end case, a
/// NUL in the path over a real socket, is in <see cref="KestrelErrorAnswersTests"/>).
/// </summary>
public sealed class BareBadRequestBodiesTests
{
    private const string Kestrel400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Tue, 01 Dec 2026 15:00:00 GMT\r\nServer: Kestrel\r\n\r\n";

    [Fact]
    public void Kestrels_empty_400_gets_a_problem_details_body_and_keeps_its_other_headers()
    {
        var rewritten = Encoding.ASCII.GetString(BareBadRequestBodies.Rewrite(Encoding.ASCII.GetBytes(Kestrel400))!);

        var split = rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var (head, body) = (rewritten[..split], rewritten[(split + 4)..]);
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/problem+json\r\n", head + "\r\n", StringComparison.Ordinal);
        Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", head + "\r\n", StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length: 0", head, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close", head, StringComparison.Ordinal);
        Assert.Contains("\r\nServer: Kestrel", head, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("Bad Request", problem.RootElement.GetProperty("title").GetString());
    }

    [Theory]
    // The app's own 400: a problem details body with its content type.
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    // Not closing the connection, or with a length: not Kestrel's bare answer.
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nDate: x\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 10\r\nConnection: close\r\n\r\n")]
    // Other statuses, a header block cut in two, a body after it, body bytes that happen to look like a status line.
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\nx")]
    [InlineData("data: HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    public void Anything_else_passes_through_unchanged(string written) =>
        Assert.Null(BareBadRequestBodies.Rewrite(Encoding.ASCII.GetBytes(written)));
}
