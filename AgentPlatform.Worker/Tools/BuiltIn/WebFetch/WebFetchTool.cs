using System.Net;
using System.Text.Json;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>
/// web_fetch: GETs a public http(s) URL and returns its readable text. Connections go through
/// <see cref="GuardedConnector"/>; redirects are followed here, at most <see cref="MaxRedirects"/>, each hop checked.
/// </summary>
public sealed class WebFetchTool : ExecutableTool, IDisposable
{
    public const int MaxRedirects = 5;
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonElement ArgumentsSchemaJson = Schema("""
        {
          "type": "object",
          "properties": {
            "url": { "type": "string", "description": "The absolute http or https URL to fetch." }
          },
          "required": ["url"],
          "additionalProperties": false
        }
        """);

    private readonly HttpClient _http;

    public WebFetchTool(IWebAddressPolicy policy, IHostResolver resolver)
    {
        _http = new HttpClient(new GuardedConnector(policy, resolver).CreateHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("AgentPlatform-web_fetch/1.0");
        _http.DefaultRequestHeaders.Accept.ParseAdd("text/html, text/plain;q=0.9, application/json;q=0.9, */*;q=0.5");
    }

    public override string Name => ToolNames.WebFetch;

    public override string Description =>
        "Fetches a public web page or document over http(s) and returns its text (HTML reduced to readable text). " +
        "Follows up to 5 redirects. Private, local and cloud-metadata addresses are refused.";

    public override JsonElement ArgumentsSchema => ArgumentsSchemaJson;

    public override TimeSpan Timeout => TimeSpan.FromSeconds(30);

    public override int MaxOutputChars => 20_000;

    public override async Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var url = HttpUrl(ToolArguments.RequiredString(arguments, "url"), null);
        for (var hop = 0; ; hop++)
        {
            using var response = await SendAsync(url, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
                or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect))
            {
                return await WebPageReader.ReadAsync(url, response, MaxBytes, cancellationToken);
            }

            if (hop == MaxRedirects)
            {
                throw new ToolException($"Too many redirects: {url} still redirects after {MaxRedirects} hops.");
            }

            var location = response.Headers.Location ?? throw new ToolException($"{url} answered {(int)response.StatusCode} without a Location.");
            url = HttpUrl(location.OriginalString, url);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is ToolException refusal)
        {
            throw new ToolException(refusal.Message, ex);
        }
    }

    private static Uri HttpUrl(string text, Uri? relativeTo)
    {
        var ok = relativeTo is null ? Uri.TryCreate(text, UriKind.Absolute, out var url) : Uri.TryCreate(relativeTo, text, out url);
        if (!ok || url is null)
        {
            throw new ToolException($"'{text}' is not a valid absolute URL.");
        }

        return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps
            ? url
            : throw new ToolException($"Only http and https URLs can be fetched, not '{url.Scheme}'.");
    }
}
