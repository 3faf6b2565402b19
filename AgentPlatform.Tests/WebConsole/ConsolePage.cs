using Microsoft.Playwright;

namespace AgentPlatform.Tests.WebConsole;

/// <summary>
/// A fresh browser context (its own sessionStorage, so its own sign-in) on the console, recording every request the
/// page makes for <see cref="PublicApiRoutes"/>, and the browser console's errors for a failing test's message.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<(string Method, Uri Url)> _requests = [];
    private readonly List<string> _console = [];

    private ConsolePage(IBrowserContext context) => _context = context;

    public IReadOnlyList<(string Method, Uri Url)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<string> BrowserConsole => _console;

    /// <summary>Exceptions the page's scripts did not catch.</summary>
    public List<string> PageErrors { get; } = [];

    public IPage Page { get; private set; } = null!;

    public static async Task<ConsolePage> OpenAsync(ConsoleFixture fixture, int width = 1280, int height = 860)
    {
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, ColorScheme = ColorScheme.Light });
        var page = new ConsolePage(context);
        context.Request += (_, request) =>
        {
            lock (page._requests)
            {
                page._requests.Add((request.Method, new Uri(request.Url)));
            }
        };
        page.Page = await page.NewTabAsync(fixture.ConsoleUrl);
        return page;
    }

    /// <summary>Another tab of the same context (a new tab has its own sessionStorage: it signs in on its own).</summary>
    public async Task<IPage> NewTabAsync(string url)
    {
        var tab = await _context.NewPageAsync();
        tab.Console += (_, m) => { if (m.Type is "error" or "warning") { lock (_console) { _console.Add(m.Text); } } };
        tab.PageError += (_, e) => { lock (PageErrors) { PageErrors.Add(e); } };
        await tab.GotoAsync(url);
        return tab;
    }

    /// <summary>Clicks the development sign-in (as the operator when asked) and waits for the signed-in header.</summary>
    public static async Task SignInAsync(IPage tab, bool operatorRole = false)
    {
        await tab.GetByRole(AriaRole.Button, new() { Name = operatorRole ? "Sign in as operator (dev, admin)" : "Sign in as dev", Exact = true }).ClickAsync();
        await Assertions.Expect(tab.Locator("#who")).ToContainTextAsync("Signed in as dev");
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
