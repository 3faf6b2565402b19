using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core.Tools;
using Microsoft.Playwright;
using StackExchange.Redis;
using static Microsoft.Playwright.Assertions;

namespace AgentPlatform.Tests.WebConsole;

/// <summary>
/// The web console in headless chromium against one Api and one Worker (simulated model): what a person does with it,
/// and, after each test, that every request the page made is a route of the OpenAPI document, a contract stream or a
/// console file. The screenshots in docs/ are written here.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private static readonly string Docs = Path.GetFullPath(Path.Combine(Browser.BrowserAssets.Folder, "..", "..", "docs"));
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_created_in_the_console_runs_live_in_two_tabs_with_plan_tool_calls_compaction_and_token_bar()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var tab = console.Page;
        await ConsolePage.SignInAsync(tab);
        var marker = Guid.NewGuid().ToString("N")[..8];
        await tab.GetByRole(AriaRole.Link, new() { Name = "New session", Exact = true }).First.ClickAsync();
        // The repeated line is normalized away before the first call: a memory.compacted event (trigger prompt).
        await tab.Locator("#prompt").FillAsync($"Remember the launch code {marker}.\nRemember the launch code {marker}.\n[[tool:pin_fact {{\"fact\":\"launch code {marker}\"}}]]");
        await Expect(tab.Locator("#profile-tools")).ToContainTextAsync("pin_fact");
        await tab.Locator("#taskType").SelectOptionAsync("general");
        await tab.Locator("#tokenBudget").FillAsync("50000");
        await tab.GetByRole(AriaRole.Button, new() { Name = "Create session" }).DblClickAsync();
        // The first create of the class; in the whole suite it runs while every other fixture starts and migrates its
        // database on the same PostgreSQL, so it may take longer than Playwright's default 30 s. A refused create shows
        // its problem card instead, and the failure names it.
        var created = tab.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#/sessions/[0-9a-f-]{36}$"), new() { Timeout = 90_000 });
        var refused = tab.Locator(".card.problem").WaitForAsync(new() { Timeout = 90_000 });
        if (await Task.WhenAny(created, refused) == refused && !created.IsCompleted)
        {
            Assert.Fail($"The create was refused: {await tab.Locator(".card.problem").InnerTextAsync()}");
        }

        try
        {
            await created;
        }
        catch (TimeoutException)
        {
            // Says where it stuck: a disabled button is a create request still unanswered; an enabled one, an answer
            // the page did not act on.
            var pending = await tab.GetByRole(AriaRole.Button, new() { Name = "Create session" }).IsDisabledAsync();
            Assert.Fail($"No navigation within 90 s; the create request is {(pending ? "still unanswered" : "answered")}; " +
                        $"page {tab.Url}: {await tab.Locator("main").InnerTextAsync()}");
        }

        var id = tab.Url.Split('/')[^1];

        var second = await console.NewTabAsync(fixture.ConsoleUrl);
        await ConsolePage.SignInAsync(second);
        await second.GotoAsync(fixture.ConsoleUrl + "#/sessions/" + id);
        await Expect(second.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");

        foreach (var page in new[] { tab, second })
        {
            await Expect(page.Locator("#session-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
            await Expect(page.Locator("#plan li")).ToHaveCountAsync(2);
            await Expect(page.Locator("#plan li[data-status=completed]")).ToHaveCountAsync(2);
            await Expect(page.Locator("details.tool").First).ToContainTextAsync("pin_fact");
            await Expect(page.Locator("details.tool .result-text").First).Not.ToBeEmptyAsync();
            await Expect(page.Locator("#token-bar .mark")).ToHaveCountAsync(1);
            await Expect(page.Locator(".timeline li[data-type='memory.compacted']")).ToContainTextAsync("normalize");
            await Expect(page.Locator(".timeline li[data-type='run.completed']")).ToContainTextAsync("The agent finished.");
            Assert.True(int.Parse(await page.Locator("#token-bar").GetAttributeAsync("aria-valuenow") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0);
        }

        var durable = await DurableEventCountAsync(id);
        Assert.Equal(Enumerable.Range(1, durable), await SeqsAsync(tab));
        Assert.Equal(Enumerable.Range(1, durable), await SeqsAsync(second));
        using var dev = fixture.Api.ClientFor("dev");
        var mine = await dev.GetFromJsonAsync<JsonElement>("/api/v1/sessions?limit=100", _ct);
        Assert.Single(mine.GetProperty("items").EnumerateArray(), s => s.GetProperty("prompt").GetString()!.Contains(marker, StringComparison.Ordinal));

        await tab.Locator(".timeline details.tool").First.Locator("summary").ClickAsync();
        await tab.Locator(".timeline details.compaction summary").ClickAsync();
        await ScreenshotAsync(tab, "console-session.png");
        await tab.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync(tab, "console-session-390.png");
        await tab.SetViewportSizeAsync(1280, 860);
        await tab.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await ScreenshotAsync(tab, "console-session-dark.png");
        await tab.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        // A few more sessions for the list's screenshot: a short answer and a stopped one.
        var quick = await CreateAsDevAsync("simple_query", "What is a token budget?");
        var stopped = await CreateAsDevAsync("analysis", "Compare three queueing strategies (stopped before it starts).");
        await dev.PostAsync($"/api/v1/sessions/{stopped}/stop", null, _ct);
        await dev.WaitForStatusAsync(quick, _ct, "completed");
        await tab.GetByRole(AriaRole.Link, new() { Name = "Sessions", Exact = true }).ClickAsync();
        await Expect(tab.Locator($"table.sessions tr[data-id='{id}']")).ToBeVisibleAsync();
        await ScreenshotAsync(tab, "console-sessions.png");
        await AssertOnlyPublicApiAsync(console);
    }

    [Fact]
    public async Task After_the_network_drops_mid_run_the_view_resumes_with_every_event_once()
    {
        // The run waits for an answer, so the drop lands mid-run for sure: the answer, given while the browser is cut
        // off, makes the rest of the run happen while the view cannot see it.
        var id = await CreateAsDevAsync("general", "[[tool:ask_human {\"question\":\"Shall I go on after the drop?\"}]]");
        await using var console = await ConsolePage.OpenAsync(fixture);
        var tab = console.Page;
        await ConsolePage.SignInAsync(tab);
        await tab.GotoAsync(fixture.ConsoleUrl + "#/sessions/" + id);
        await Expect(tab.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        await Expect(tab.Locator("#pending")).ToContainTextAsync("Shall I go on after the drop?", new() { Timeout = 30_000 });

        // The stream cannot be reached (new requests fail) and the open connection is cut.
        await tab.RouteAsync("**/events/stream**", route => route.AbortAsync());
        fixture.Relay.DropConnections();
        await Expect(tab.Locator("#connection")).ToHaveAttributeAsync("data-state", "reconnecting");
        var seenWhileCut = await tab.Locator("#event-log li").CountAsync();
        using var dev = fixture.Api.ClientFor("dev");
        (await dev.PostAsJsonAsync($"/api/v1/sessions/{id}/messages", new { prompt = "Yes, go on." }, _ct)).EnsureSuccessStatusCode();
        await dev.WaitForStatusAsync(id, _ct, "completed");
        Assert.Equal(seenWhileCut, await tab.Locator("#event-log li").CountAsync());
        await tab.UnrouteAsync("**/events/stream**");

        await Expect(tab.Locator("#session-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(tab.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });
        var durable = await DurableEventCountAsync(id);
        Assert.True(seenWhileCut < durable, $"the drop came too late to test anything ({seenWhileCut} of {durable} events)");
        await Expect(tab.Locator("#event-log li")).ToHaveCountAsync(durable);
        Assert.Equal(Enumerable.Range(1, durable), await SeqsAsync(tab));
        Assert.Contains(console.Requests, r => r.Url.AbsolutePath.EndsWith("/events/stream", StringComparison.Ordinal) && r.Url.Query.Contains($"after={seenWhileCut}", StringComparison.Ordinal));
        await AssertOnlyPublicApiAsync(console);
    }

    [Fact]
    public async Task A_slow_run_is_stopped_from_the_console()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var tab = console.Page;
        await ConsolePage.SignInAsync(tab);
        // Each simulated model call takes ConsoleFixture.ModelLatencyMs: a planned run is several seconds long.
        var id = await CreateAsDevAsync("general", "A long piece of work that I will stop.");
        await tab.GotoAsync(fixture.ConsoleUrl + "#/sessions/" + id);
        await Expect(tab.Locator("#session-status")).ToHaveAttributeAsync("data-status", "processing", new() { Timeout = 20_000 });
        await Expect(tab.Locator("#stop")).ToBeEnabledAsync();
        await tab.Locator("#stop").ClickAsync();

        await Expect(tab.Locator("#session-status")).ToHaveAttributeAsync("data-status", "stopped", new() { Timeout = 20_000 });
        await Expect(tab.Locator(".timeline li[data-type='run.completed']")).ToContainTextAsync("Stopped by the user.");
        await Expect(tab.Locator("#stop")).ToBeDisabledAsync();
        await AssertOnlyPublicApiAsync(console);
    }

    [Fact]
    public async Task An_ask_human_question_is_answered_in_the_console_and_the_run_finishes()
    {
        var id = await CreateAsDevAsync("general", "[[tool:ask_human {\"question\":\"Which colour should the logo be?\"}]]");
        await using var console = await ConsolePage.OpenAsync(fixture);
        var tab = console.Page;
        await ConsolePage.SignInAsync(tab);
        await tab.GotoAsync(fixture.ConsoleUrl + "#/sessions/" + id);

        await Expect(tab.Locator("#pending")).ToContainTextAsync("Which colour should the logo be?", new() { Timeout = 30_000 });
        await tab.Locator("#answer").FillAsync("Teal, please.");
        await tab.GetByRole(AriaRole.Button, new() { Name = "Answer", Exact = true }).ClickAsync();

        await Expect(tab.Locator(".timeline li.user")).ToContainTextAsync("Teal, please.");
        await Expect(tab.Locator("#session-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(tab.Locator("#pending")).ToBeEmptyAsync();
        await AssertOnlyPublicApiAsync(console);
    }

    [Fact]
    public async Task A_held_tool_call_is_approved_with_edited_arguments_and_a_plan_is_reviewed_in_the_console()
    {
        var held = await CreateAsDevAsync("code_generation", "[[tool:pin_fact {\"fact\":\"the first draft\"}]]");
        var planned = await CreateAsDevAsync("analysis", "Analyse the three queueing strategies.");
        await using var console = await ConsolePage.OpenAsync(fixture);
        var tab = console.Page;
        await ConsolePage.SignInAsync(tab);

        await tab.GotoAsync(fixture.ConsoleUrl + "#/sessions/" + held);
        await Expect(tab.Locator("#approval")).ToContainTextAsync("pin_fact", new() { Timeout = 30_000 });
        await tab.Locator("#approval-arguments").FillAsync("{\"fact\":\"the edited fact\"}");
        await tab.GetByRole(AriaRole.Button, new() { Name = "Approve with edits" }).ClickAsync();
        await Expect(tab.Locator("#session-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        var resolved = tab.Locator(".timeline li[data-type='approval.resolved']");
        await Expect(resolved).ToContainTextAsync("approved");
        // tool.called shows what the model asked for; approval.resolved what runs.
        await Expect(resolved.Locator(".arguments")).ToContainTextAsync("the edited fact");

        await tab.GotoAsync(fixture.ConsoleUrl + "#/sessions/" + planned);
        var review = tab.Locator("#plan-review");
        await Expect(review.Locator("input").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await review.Locator("input").First.FillAsync("Compare the strategies in a table");
        await review.GetByRole(AriaRole.Button, new() { Name = "Approve plan" }).ClickAsync();
        await Expect(tab.Locator("#session-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(tab.Locator("#plan li").First).ToContainTextAsync("Compare the strategies in a table");
        await Expect(tab.Locator(".timeline li[data-type='plan.updated']")).ToContainTextAsync("revised by the user");
        await AssertOnlyPublicApiAsync(console);
    }

    [Fact]
    public async Task Errors_show_their_problem_details_another_users_session_is_not_found_and_a_refused_token_asks_to_sign_in()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var tab = console.Page;
        await ConsolePage.SignInAsync(tab);
        await tab.GotoAsync(fixture.ConsoleUrl + "#/new");
        await tab.Locator("#prompt").FillAsync("too small a budget");
        await tab.Locator("#tokenBudget").FillAsync("10");
        await tab.Locator("#tokenBudget").EvaluateAsync("e => e.removeAttribute('min')");
        await tab.GetByRole(AriaRole.Button, new() { Name = "Create session" }).ClickAsync();
        var problem = tab.Locator(".problem");
        await Expect(problem.Locator("h2")).ToHaveTextAsync("One or more validation errors occurred.");
        await Expect(problem).ToContainTextAsync("tokenBudget");

        using var other = fixture.Api.ClientFor("someone-else");
        var response = await other.PostAsJsonAsync("/api/v1/sessions", new { prompt = "not yours", taskType = "simple_query" }, _ct);
        var theirs = (await response.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString();
        await tab.GotoAsync(fixture.ConsoleUrl + "#/sessions/" + theirs);
        await Expect(problem.Locator("h2")).ToHaveTextAsync("Not found");
        await Expect(problem.Locator(".detail")).ToContainTextAsync($"Session {theirs} was not found.");

        // A token the Api refuses (signed with another key): the next call answers 401 and the console asks to sign in.
        await tab.EvaluateAsync("t => sessionStorage.setItem('agentplatform.console.token', t)", TestTokens.Create("dev", key: "another-signing-key-that-is-long-enough-0123"));
        await tab.GotoAsync(fixture.ConsoleUrl + "#/sessions");
        await Expect(tab.GetByText("Your sign-in expired or was refused: sign in again.")).ToBeVisibleAsync();
        await Expect(tab.GetByRole(AriaRole.Button, new() { Name = "Sign in as dev", Exact = true })).ToBeVisibleAsync();
        await AssertOnlyPublicApiAsync(console);
    }

    [Fact]
    public async Task The_operator_view_shows_figures_and_resets_an_open_tool_circuit()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Infrastructure.RedisConnectionString);
        var name = "console_probe_" + Guid.NewGuid().ToString("N")[..6];
        // What a Worker with that tool writes when its breaker opens, and what it writes when told to reset.
        var worker = new ToolStateWriter(redis, "console-tests-" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromMinutes(1), TimeProvider.System);
        await worker.WriteAsync([new ToolState(name, "a probe tool whose circuit is open", true, CircuitState.Open, DateTimeOffset.UtcNow)]);
        var reset = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(ToolRedisKeys.ResetChannel), (channel, m) =>
        {
            if (m == name)
            {
                _ = worker.WriteAsync([new ToolState(name, "a probe tool whose circuit is open", true, CircuitState.Closed, DateTimeOffset.UtcNow)])
                    .ContinueWith(written => reset.TrySetResult(m.ToString()), TaskScheduler.Default);
            }
        });
        try
        {
            await using var console = await ConsolePage.OpenAsync(fixture);
            var tab = console.Page;
            await ConsolePage.SignInAsync(tab, operatorRole: true);
            await tab.GetByRole(AriaRole.Link, new() { Name = "Operators", Exact = true }).ClickAsync();
            var row = tab.Locator($"tr[data-tool='{name}']");
            await Expect(row.Locator(".circuit")).ToHaveTextAsync("open");
            await Expect(tab.Locator("[data-figure=servers] .value")).Not.ToHaveTextAsync("0");
            await Expect(tab.GetByRole(AriaRole.Link, new() { Name = "Hangfire dashboard" })).ToHaveAttributeAsync("href", "http://localhost:5090/hangfire");
            await ScreenshotAsync(tab, "console-operators.png");

            await row.GetByRole(AriaRole.Button, new() { Name = $"Reset {name}" }).ClickAsync();

            Assert.Equal(name, await reset.Task.WaitAsync(TimeSpan.FromSeconds(10), _ct));
            await Expect(row.Locator(".circuit")).ToHaveTextAsync("closed", new() { Timeout = 10_000 });
            await AssertOnlyPublicApiAsync(console);
        }
        finally
        {
            await worker.RemoveAsync();
        }
    }

    [Fact]
    public async Task In_production_the_console_signs_in_with_the_authoritys_authorization_code_and_PKCE()
    {
        var user = ApiFixture.NewUser("oidc");
        await using var provider = await FakeOidcProvider.StartAsync(user, _ct);
        await using var console = await ConsolePage.OpenAsync(fixture);
        var tab = console.Page;
        // What GET /console/config answers when Auth:Authority and Console:ClientId are set (this Api runs with a dev key).
        await tab.Context.RouteAsync("**/console/config", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { signIn = "oidc", authority = provider.Authority, clientId = FakeOidcProvider.ClientId, scope = "openid profile" }),
        }));
        await tab.ReloadAsync();

        await tab.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(tab.Locator("#who")).ToContainTextAsync($"Signed in as {user}");
        await Expect(tab.Locator(".empty")).ToContainTextAsync("No sessions yet");
        Assert.Equal(1, provider.TokenRequests);
        Assert.DoesNotContain("code=", tab.Url, StringComparison.Ordinal);
        var idp = new Uri(provider.Authority).Port;
        Assert.Contains(console.Requests, r => r.Url.Port == idp && r.Url.AbsolutePath == "/authorize" && r.Url.Query.Contains("code_challenge_method=S256", StringComparison.Ordinal));
        await AssertOnlyPublicApiAsync(console, idp);
    }

    private async Task<string> CreateAsDevAsync(string taskType, string prompt)
    {
        using var dev = fixture.Api.ClientFor("dev");
        var response = await dev.PostAsJsonAsync("/api/v1/sessions", new { prompt, taskType, tokenBudget = 50_000 }, _ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(_ct)).GetProperty("id").GetString()!;
    }

    private async Task<int> DurableEventCountAsync(string id)
    {
        using var dev = fixture.Api.ClientFor("dev");
        var page = await dev.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}/events?after=0&limit=1000", _ct);
        return page.GetProperty("items").GetArrayLength();
    }

    private static async Task<IEnumerable<int>> SeqsAsync(IPage page) =>
        (await page.Locator("#event-log li").EvaluateAllAsync<int[]>("items => items.map(i => Number(i.dataset.seq))")).AsEnumerable();

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Docs);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Docs, name), FullPage = false });
    }

    private async Task AssertOnlyPublicApiAsync(ConsolePage console, int? identityProviderPort = null)
    {
        using var anonymous = fixture.Api.ClientFor(null);
        var routes = await PublicApiRoutes.LoadAsync(anonymous, _ct);
        var requests = console.Requests.Where(r => r.Url.Port == fixture.Relay.Port).ToList();
        Assert.NotEmpty(requests);
        Assert.Empty(console.PageErrors);
        Assert.DoesNotContain(console.Requests, r => r.Url.Port != fixture.Relay.Port && r.Url.Port != identityProviderPort && r.Url.Scheme != "data");
        Assert.Empty(routes.Outside(requests));
        Assert.DoesNotContain(requests, r => r.Url.Query.Contains("access_token", StringComparison.OrdinalIgnoreCase));
    }
}
