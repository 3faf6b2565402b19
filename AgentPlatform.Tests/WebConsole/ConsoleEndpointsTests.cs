using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Tests.Api;
using Microsoft.AspNetCore.Hosting;

namespace AgentPlatform.Tests.WebConsole;

/// <summary>The console's files and endpoints on the Api, without a browser.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConsoleEndpointsTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_files_are_anonymous_with_a_content_security_policy_and_nothing_outside_the_folder_is_served()
    {
        using var anonymous = fixture.Client(null);

        var redirect = await fixture.Api.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/console", _ct);
        var index = await anonymous.GetAsync("/console/", _ct);
        var script = await anonymous.GetAsync("/console/js/app.js", _ct);
        var outside = await anonymous.GetAsync("/console/..%2Fappsettings.json", _ct);
        var missing = await anonymous.GetAsync("/console/js/nothing.js", _ct);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/console/", redirect.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("import", await script.Content.ReadAsStringAsync(_ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task In_Development_the_config_says_development_and_the_dev_token_refuses_callers_off_loopback()
    {
        using var anonymous = fixture.Client(null);

        var config = await anonymous.GetFromJsonAsync<JsonElement>("/console/config", _ct);
        // The in-memory test server has no remote address: not loopback.
        var refused = await anonymous.PostAsJsonAsync("/console/dev-token", new { admin = true }, _ct);

        Assert.Equal("development", config.GetProperty("signIn").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Outside_Development_the_console_signs_in_with_the_authority_and_there_is_no_dev_token()
    {
        await using var production = fixture.Api.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            // What Production refuses to start without (ProductionHostingExtensions); nothing here calls either.
            b.UseSetting("Auth:Authority", "https://login.example.test/");
            b.UseSetting("Auth:SigningKey", "");
            b.UseSetting("ConnectionStrings:llm", "Endpoint=https://llm.example.test/v1;Key=unused;Model=unused");
            b.UseSetting("Console:ClientId", "agentplatform-console");
        });
        using var anonymous = production.CreateClient();

        var config = await anonymous.GetFromJsonAsync<JsonElement>("/console/config", _ct);
        var devToken = await anonymous.PostAsJsonAsync("/console/dev-token", new { admin = true }, _ct);

        Assert.Equal("oidc", config.GetProperty("signIn").GetString());
        Assert.Equal("agentplatform-console", config.GetProperty("clientId").GetString());
        // Not mapped at all: no anonymous endpoint matches, so the fallback policy answers, never with a token.
        Assert.Equal(HttpStatusCode.Unauthorized, devToken.StatusCode);
    }
}
