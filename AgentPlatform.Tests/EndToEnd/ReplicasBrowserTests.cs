using System.Text.Json;
using AgentPlatform.Core;
using AgentPlatform.Tests.Browser;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace AgentPlatform.Tests.EndToEnd;

/// <summary>
/// The official @microsoft/signalr browser client with its default options, in headless Chromium, through the
/// gateway in front of two Api replicas: each of several connections negotiates, connects with its own transport
/// choice and streams a run to run.completed. Without the gateway's affinity about half of them would negotiate with
/// one replica and connect to the other. The page is another origin than the gateway (CORS runs for real) on the same
/// site (same host name, another port), so the affinity cookie is SameSite=Lax as it is by default.
/// </summary>
[Collection(ReplicasCollection.Name)]
public sealed class ReplicasBrowserTests(ReplicasFixture fixture)
{
    private const int Connections = 4;
    private static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Through_the_gateway_the_javascript_client_with_default_options_streams_a_run_to_completion()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Gateway, ct);
        const string user = "gateway-browser-user";
        using var gateway = fixture.Client(ResourceNames.Gateway, user);
        var id = (await gateway.CreateSessionAsync(new { prompt = "stream me to a browser through the gateway", taskType = "simple_query" }, ct)).Id();
        var gatewayUrl = fixture.App.GetEndpoint(ResourceNames.Gateway, "http");
        var pageOrigin = fixture.PageOrigin(gatewayUrl.Host);
        Assert.NotEqual(pageOrigin, gatewayUrl.GetLeftPart(UriPartial.Authority));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserAssets.Chromium,
            Headless = true,
            Args = ["--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        await page.GotoAsync(pageOrigin + "/");

        object[] args = [new Uri(gatewayUrl, "/hubs/sessions").ToString(), TestTokens.Create(user), id.ToString(), Connections, FollowTimeout.TotalMilliseconds];
        JsonElement followers;
        try
        {
            followers = await page.EvaluateAsync<JsonElement>(
                "([hub, token, id, count, ms]) => followWithDefaultSignalR(hub, token, id, count, ms)", args)
                .WaitAsync(FollowTimeout + TimeSpan.FromSeconds(10), ct);
        }
        catch (PlaywrightException ex)
        {
            throw new Xunit.Sdk.XunitException($"The page failed: {ex.Message}\nBrowser console:\n{string.Join('\n', console)}");
        }

        Assert.Equal(Connections, followers.GetArrayLength());
        foreach (var follower in followers.EnumerateArray())
        {
            var log = follower.GetProperty("log").EnumerateArray().Select(m => m.GetString()!).ToList();
            // Its first choice, with nothing failed first: a fallback would hide a connect on the wrong replica.
            Assert.Contains(log, m => m.StartsWith("WebSocket connected to ", StringComparison.Ordinal));
            Assert.DoesNotContain(log, m => m.Contains("Failed to start the transport", StringComparison.Ordinal));
            var events = follower.GetProperty("events").EnumerateArray()
                .Select(e => (Seq: e.GetProperty("seq").GetInt64(), Type: e.GetProperty("type").GetString()!)).ToList();
            Assert.True(events.Count >= 4, $"only {events.Count} events");
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
            Assert.Equal("session.created", events[0].Type);
            Assert.Equal("run.completed", events[^1].Type);
        }
    }
}
