using System.Text;
using System.Text.Json;

namespace AgentPlatform.Tests.Hosting;

/// <summary>
/// The answers Kestrel used to give with an empty body (issue #12, finding 8), sent byte for byte to the Api and the
/// Worker on real sockets: each is now problem details from <c>RequestLimitsMiddleware</c>.
/// </summary>
[Collection(KestrelHostsCollection.Name)]
public sealed class KestrelErrorAnswersTests(KestrelHostsFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task A_20_KB_url_is_a_414_problem(string service)
    {
        var response = await SendAsync(service, RawHttp.Get("/alive?q=" + new string('a', 20 * 1024)));

        AssertProblem(response, 414, "request target");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task A_40_KB_header_is_a_431_problem(string service)
    {
        var response = await SendAsync(service, RawHttp.Get("/alive", "X-Padding: " + new string('b', 40 * 1024)));

        AssertProblem(response, 431, "headers");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task Too_many_header_lines_are_a_431_problem(string service)
    {
        var response = await SendAsync(service, RawHttp.Get("/alive", [.. Enumerable.Range(0, 150).Select(i => $"X-Line-{i}: {i}")]));

        AssertProblem(response, 431, "header lines");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task A_latin1_byte_in_a_header_is_a_400_problem_naming_the_header(string service)
    {
        var response = await SendAsync(service, RawHttp.Get("/alive", "X-Note: caf\u00e9"));

        AssertProblem(response, 400, "'X-Note'");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task A_raw_utf8_header_value_is_a_400_problem_too(string service)
    {
        var request = RawHttp.Get("/alive", "X-Note: " + Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("\u00fcber \u2603")));

        AssertProblem(await SendAsync(service, request), 400, "'X-Note'");
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task Requests_just_under_the_limits_are_served(string service)
    {
        var response = await SendAsync(service, RawHttp.Get(
            "/alive?q=" + new string('a', 7 * 1024), "X-Padding: " + new string('b', 28 * 1024), "User-Agent: probe/1.0 (tab\tok)"));

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public async Task A_nul_in_the_path_itself_is_a_400_with_problem_details(string service)
    {
        // Kestrel's request-line parser (UrlDecoder: "The path contains null characters") rejects it before any
        // middleware runs and closes the connection; BareBadRequestBodies gives that answer its body on the way out.
        var response = await SendAsync(service, RawHttp.Get("/api/v1/sessions/a%00b"));

        AssertProblem(response, 400, "%00");
        Assert.Equal("close", response.Headers.GetValueOrDefault("connection"));
    }

    private Task<RawResponse> SendAsync(string service, byte[] request) =>
        RawHttp.SendAsync(service == "api" ? fixture.ApiAddress : fixture.WorkerAddress, request, _ct);

    private static void AssertProblem(RawResponse response, int status, string detailMentions)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("title").GetString()));
        Assert.Contains(detailMentions, body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
