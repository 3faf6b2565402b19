using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace AgentPlatform.Tests.Browser;

/// <summary>
/// A real browser: headless Debian chromium, driven by Playwright, loads a page from another origin that follows a
/// run with the browser's own EventSource and with the official @microsoft/signalr client, token in ?access_token=.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserStreamTests(BrowserFixture fixture)
{
    private static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_browser_receives_a_run_from_start_to_run_completed_over_EventSource_and_SignalR()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser("browser");
        var token = TestTokens.Create(user);
        using var http = fixture.Api.ClientFor(user);
        var response = await http.PostAsJsonAsync("/api/v1/sessions", new { prompt = "stream me to a browser", taskType = "simple_query" }, ct);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        var api = fixture.Api.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.NotEqual(fixture.Pages.Origin, api);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserAssets.Chromium,
            Headless = true,
            // As root Chromium needs --no-sandbox, which Playwright adds unless ChromiumSandbox is set.
            Args = ["--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        await page.GotoAsync(fixture.Pages.Origin + "/");

        object[] args = [api, token, id, FollowTimeout.TotalMilliseconds];
        var sse = page.EvaluateAsync<JsonElement>("([api, token, id, ms]) => followWithEventSource(api, token, id, ms)", args);
        var signalR = page.EvaluateAsync<JsonElement>("([api, token, id, ms]) => followWithSignalR(api, token, id, ms)", args);
        JsonElement[] results;
        try
        {
            results = await Task.WhenAll(sse, signalR).WaitAsync(FollowTimeout + TimeSpan.FromSeconds(10), ct);
        }
        catch (PlaywrightException ex)
        {
            throw new Xunit.Sdk.XunitException($"The page failed: {ex.Message}\nBrowser console:\n{string.Join('\n', console)}");
        }

        var overSse = AssertWholeRun(results[0], "EventSource");
        var overSignalR = AssertWholeRun(results[1], "SignalR");
        Assert.Equal(overSse.Select(e => e.Type), overSignalR.Select(e => e.Type));
        Assert.All(results[0].GetProperty("events").EnumerateArray(),
            e => Assert.Equal(e.GetProperty("seq").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("lastEventId").GetString()));
    }

    /// <summary>The events are seq 1..N with no gap or repeat, from session.created to run.completed.</summary>
    private static List<(long Seq, string Type)> AssertWholeRun(JsonElement result, string transport)
    {
        var events = result.GetProperty("events").EnumerateArray()
            .Select(e => (Seq: e.GetProperty("seq").GetInt64(), Type: e.GetProperty("type").GetString()!)).ToList();
        Assert.True(events.Count >= 4, $"{transport}: only {events.Count} events");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal("session.created", events[0].Type);
        Assert.Contains(events, e => e.Type == "run.started");
        Assert.Contains(events, e => e.Type == "agent.message");
        Assert.Equal("run.completed", events[^1].Type);
        return events;
    }
}
