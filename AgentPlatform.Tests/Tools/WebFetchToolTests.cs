using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Tools;

public sealed class WebFetchToolTests : IAsyncLifetime
{
    private const string Page = """
        <html><head><title>Test &amp; page</title><style>body { color: red }</style>
        <script>var secret = "script-text";</script></head>
        <body><h1>Hello</h1><p>First <b>paragraph</b>.</p><!-- a comment --><ul><li>one</li><li>two</li></ul>
        <script type="text/javascript">document.write("more-script")</script></body></html>
        """;

    private static readonly ToolContext Context = new(Guid.NewGuid());
    private LoopbackServer? _server;

    private LoopbackServer Server => _server!;

    public async ValueTask InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/page", () => Results.Content(Page, "text/html; charset=utf-8"));
            app.MapGet("/hop1", () => Results.Redirect("/hop2"));
            app.MapGet("/hop2", (HttpContext c) => Results.Redirect($"http://127.0.0.1:{c.Connection.LocalPort}/page", permanent: true));
            app.MapGet("/loop", () => Results.Redirect("/loop"));
            app.MapGet("/to", (string target) => Results.Redirect(target));
            app.MapGet("/big", () => Results.Text(new string('z', WebFetchTool.MaxBytes + 500_000), "text/plain"));
        }, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/page")]
    [InlineData("http://[::1]:{port}/page")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/page")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://localhost:{port}/page")]
    public async Task The_production_policy_refuses_local_private_and_metadata_addresses(string url)
    {
        using var tool = new WebFetchTool(new PublicAddressPolicy(), new DnsHostResolver());

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, url.Replace("{port}", Server.Port.ToString())));

        Assert.StartsWith("Refused to connect", error.Message);
        Assert.Equal(0, Server.TotalHits);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_private_address_is_refused_before_connecting()
    {
        var resolver = new StubResolver("intranet.example", IPAddress.Parse("10.1.2.3"));
        using var tool = new WebFetchTool(new PublicAddressPolicy(), resolver);

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, "http://intranet.example/"));

        Assert.Contains("10.1.2.3", error.Message);
        Assert.Equal(1, resolver.Calls);
    }

    [Fact]
    public async Task A_public_host_on_a_port_other_than_80_or_443_is_refused_before_connecting()
    {
        var resolver = new StubResolver("public.example", IPAddress.Parse("93.184.216.34"));
        using var tool = new WebFetchTool(new PublicAddressPolicy(), resolver);

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, "http://public.example:6379/"));

        Assert.Contains("port 6379", error.Message);
    }

    [Fact]
    public async Task A_host_name_with_one_private_address_among_public_ones_is_refused()
    {
        var resolver = new StubResolver("mixed.example", IPAddress.Parse("93.184.216.34"), IPAddress.Loopback);
        using var tool = new WebFetchTool(new PublicAddressPolicy(), resolver);

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, $"http://mixed.example:{Server.Port}/page"));

        Assert.Contains("127.0.0.1", error.Message);
        Assert.Equal(0, Server.TotalHits);
    }

    [Fact]
    public async Task An_allowed_server_is_fetched_and_its_html_reduced_to_text()
    {
        using var tool = AllowingTheTestServer();

        var text = await FetchAsync(tool, Server.Url("/page"));

        Assert.Contains("Status: 200", text);
        Assert.Contains("# Test & page", text);
        Assert.Contains("Hello", text);
        Assert.Contains("First paragraph.", text);
        Assert.Contains("- one", text);
        Assert.DoesNotContain("script-text", text);
        Assert.DoesNotContain("more-script", text);
        Assert.DoesNotContain("color: red", text);
        Assert.DoesNotContain("<", text);
    }

    [Fact]
    public async Task Redirects_are_followed_hop_by_hop()
    {
        using var tool = AllowingTheTestServer();

        var text = await FetchAsync(tool, Server.Url("/hop1"));

        Assert.StartsWith($"URL: {Server.Url("/page")}", text);
        Assert.Contains("Hello", text);
        Assert.Equal(1, Server.Hits("/hop2"));
    }

    [Theory]
    [InlineData("http://10.0.0.1/admin")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:192.168.0.1]/")]
    public async Task A_redirect_from_an_allowed_server_to_a_private_address_is_refused(string target)
    {
        using var tool = AllowingTheTestServer();

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, Server.Url($"/to?target={Uri.EscapeDataString(target)}")));

        Assert.StartsWith("Refused to connect", error.Message);
        Assert.Equal(1, Server.Hits("/to"));
    }

    [Fact]
    public async Task More_than_five_redirects_are_refused()
    {
        using var tool = AllowingTheTestServer();

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, Server.Url("/loop")));

        Assert.Contains("Too many redirects", error.Message);
        Assert.Equal(WebFetchTool.MaxRedirects + 1, Server.Hits("/loop"));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/file")]
    [InlineData("not a url")]
    public async Task Only_absolute_http_and_https_urls_are_fetched(string url)
    {
        using var tool = AllowingTheTestServer();

        await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, url));
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_is_refused()
    {
        using var tool = AllowingTheTestServer();

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, Server.Url("/to?target=file:///etc/passwd")));

        Assert.Contains("Only http and https", error.Message);
    }

    [Fact]
    public async Task Only_the_first_megabyte_is_read()
    {
        using var tool = AllowingTheTestServer();

        var text = await FetchAsync(tool, Server.Url("/big"));

        Assert.EndsWith("[content truncated: only the first 1,024 KB were read]", text);
        Assert.Equal(WebFetchTool.MaxBytes, text.Count(c => c == 'z'));
    }

    [Fact]
    public async Task A_host_name_with_no_addresses_is_refused()
    {
        using var tool = new WebFetchTool(new PublicAddressPolicy(), new StubResolver("empty.example"));

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, "http://empty.example/"));

        Assert.Equal("The host 'empty.example' has no addresses.", error.Message);
    }

    [Fact]
    public async Task The_address_actually_connected_to_is_checked_again()
    {
        // Allowed when resolved, refused once connected: the second check is the one that defeats DNS rebinding.
        using var tool = new WebFetchTool(new AllowOnceTheLoopbackPolicy(), new StubResolver("rebind.example", IPAddress.Loopback));

        var error = await Assert.ThrowsAsync<ToolException>(() => FetchAsync(tool, $"http://rebind.example:{Server.Port}/page"));

        Assert.StartsWith("Refused to connect to rebind.example (127.0.0.1)", error.Message);
        Assert.Equal(0, Server.TotalHits);
    }

    private WebFetchTool AllowingTheTestServer() => new(new AllowOneAddressPolicy(IPAddress.Loopback), new DnsHostResolver());

    private static Task<string> FetchAsync(WebFetchTool tool, string url) =>
        tool.ExecuteAsync(Context, new AIFunctionArguments { ["url"] = url }, TestContext.Current.CancellationToken);

    private sealed class AllowOnceTheLoopbackPolicy : IWebAddressPolicy
    {
        private int _checks;

        public bool IsAllowed(IPAddress address) => IPAddress.IsLoopback(address) && Interlocked.Increment(ref _checks) == 1;

        public bool IsPortAllowed(int port) => true;
    }
}
