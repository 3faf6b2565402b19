using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentPlatform.Tests.WebConsole;

/// <summary>
/// The routes of the Api's OpenAPI document (method and path template, each template a regex) plus the contract's
/// streams the document does not describe, and the console's own static files: what the console may call.
/// </summary>
public sealed class PublicApiRoutes
{
    private static readonly (string Method, Regex Path)[] Streams =
    [
        ("GET", Template("/ws/v1/sessions/{id}")),
        ("GET", new Regex("^/hubs/sessions(/.*)?$")),
    ];

    private readonly List<(string Method, Regex Path, string Template)> _routes;

    private PublicApiRoutes(List<(string, Regex, string)> routes) => _routes = routes;

    public static async Task<PublicApiRoutes> LoadAsync(HttpClient anonymous, CancellationToken ct)
    {
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        var routes = new List<(string, Regex, string)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                routes.Add((operation.Name.ToUpperInvariant(), Template(path.Name), path.Name));
            }
        }

        return new PublicApiRoutes(routes);
    }

    /// <summary>Every request that is not a route of the document or a stream of the contract or a console file.</summary>
    public IReadOnlyList<string> Outside(IEnumerable<(string Method, Uri Url)> requests) =>
        [.. requests.Where(r => !Allowed(r.Method, r.Url.AbsolutePath)).Select(r => $"{r.Method} {r.Url.PathAndQuery}")];

    /// <summary>The document's templates the requests used, e.g. "POST /api/v1/sessions".</summary>
    public IReadOnlySet<string> Used(IEnumerable<(string Method, Uri Url)> requests) =>
        requests.SelectMany(r => _routes.Where(x => x.Method == r.Method && x.Path.IsMatch(r.Url.AbsolutePath)).Select(x => $"{x.Method} {x.Template}")).ToHashSet();

    private bool Allowed(string method, string path) =>
        _routes.Any(r => r.Method == method && r.Path.IsMatch(path))
        || Streams.Any(s => s.Method == method && s.Path.IsMatch(path))
        || (method == "GET" && (path == "/console/" || Regex.IsMatch(path, @"^/console/[\w/.-]+\.(html|js|css)$")));

    private static Regex Template(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$");
}
