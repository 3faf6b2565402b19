using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace AgentPlatform.Tests.Api.Fuzz;

/// <summary>
/// The generator of requests for one operation: path values, query parameters, headers and bodies from the
/// operation's schemas, each valid, nearly valid or hostile, and whole bodies no schema allows (not JSON, invalid UTF-8,
/// nesting past any depth limit, over the body size limit, the wrong content type).
/// </summary>
public static class FuzzRequests
{
    private const int OverBodyLimit = 300 * 1024;

    /// <param name="ownId">A session of the fuzzing user, so that some requests reach the handler behind the id check.</param>
    public static Gen<FuzzRequest> For(FuzzOperation operation, string ownId)
    {
        var path = HostileValues.All(operation.Parameters.Where(p => p.In == "path").Select(p => PathValue(p, ownId).Select(v => (p.Name, v))))
            .Select(values => values.Aggregate(operation.Path, (path, v) => path.Replace("{" + v.Name + "}", v.v, StringComparison.Ordinal)));
        var query = HostileValues.All(operation.Parameters.Where(p => p.In == "query").Select(Optional))
            .Select(Mix.Of((5, Mix.Just("")), (1, HostileValues.Text.Select(t => $"&{JsonText.PercentEncode(t)}={JsonText.PercentEncode(t)}"))),
                (values, extra) => values.OfType<string>().Aggregate("", (q, v) => q + "&" + v) + extra)
            .Select(q => q.Length == 0 ? "" : "?" + q[1..]);
        var headers = HostileValues.All(operation.Parameters.Where(p => p.In == "header").Select(p =>
                Mix.Of((1, Mix.Just<(string, string)?>(null)), (2, HeaderValue(p.Schema).Select(v => ((string, string)?)(p.Name, v))))))
            .Select(Mix.Of((4, Mix.Just<(string, string)?>(null)), (1, Gen.OneOf("Idempotency-Key", "Accept", "Last-Event-ID", "X-Forwarded-For")
                .Select(HeaderValue(new JsonObject()), (n, v) => ((string, string)?)(n, v)))),
                (values, extra) => (IReadOnlyList<(string, string)>)values.Append(extra).OfType<(string, string)>().ToList());
        var body = operation.Body is { } schema && operation.Method is "POST" or "PUT" or "PATCH"
            ? Body(schema)
            : Mix.Of((4, Mix.Just<(byte[]?, string?)>((null, null))), (1, Body(new JsonObject())));
        return Gen.Select(path, query, headers, body, (p, q, h, b) => new FuzzRequest(operation.Method, p, q, h, b.Item1, b.Item2));
    }

    /// <summary>
    /// Path values. No NUL (<c>%00</c>): the in-memory test server refuses to build such a request, and over HTTP
    /// Kestrel answers it before the Api sees it (its own 400, tested with Kestrel's other errors).
    /// </summary>
    private static Gen<string> PathValue(FuzzParameter parameter, string ownId) => Mix.Of(
        (3, parameter.Name == "id" ? Mix.Just(ownId) : HostileValues.Raw(parameter.Schema).Where(t => t.Length > 0 && !t.Contains('\0', StringComparison.Ordinal)).Select(JsonText.PercentEncode)),
        (1, Gen.Guid.Select(g => g.ToString())),
        (1, Gen.OneOf("-1", "0", "99999999999999999999", "not-a-uuid", new string('9', 2_000), "%2e%2e", "%2F", "%25")),
        (2, HostileValues.Text.Where(t => t.Length > 0 && !t.Contains('\0', StringComparison.Ordinal)).Select(JsonText.PercentEncode)));

    private static Gen<string?> Optional(FuzzParameter parameter) => Mix.Of(
        (2, Mix.Just<string?>(null)),
        (3, HostileValues.Raw(parameter.Schema).Select(v => (string?)$"{parameter.Name}={JsonText.PercentEncode(v)}")),
        (1, HostileValues.Raw(parameter.Schema).Select(v => (string?)$"{parameter.Name}={JsonText.PercentEncode(v)}&{parameter.Name}=1")));

    /// <summary>Header values: anything but CR, LF and NUL, which no client sends (HTTP/1.1 framing forbids them).</summary>
    private static Gen<string> HeaderValue(JsonObject schema) =>
        HostileValues.Raw(schema).Select(v => new string(v.Where(c => c is not ('\r' or '\n' or '\0')).ToArray()));

    private static Gen<(byte[]?, string?)> Body(JsonObject schema) => Mix.Of(
        (6, HostileValues.BodyFor(schema).Select(json => ((byte[]?)Encoding.UTF8.GetBytes(json), (string?)"application/json"))),
        (1, HostileValues.BodyFor(schema).Select(HostileValues.ContentType, (json, type) => ((byte[]?)Encoding.UTF8.GetBytes(json), (string?)type))),
        (1, HostileValues.AnyJson.Select(json => ((byte[]?)Encoding.UTF8.GetBytes(json), (string?)"application/json"))),
        (1, Gen.OneOf<byte[]>(
                [], "{"u8.ToArray(), "{\"prompt\":"u8.ToArray(), [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'], [(byte)'"', 0xC3, 0x28, (byte)'"'], [0xFF, 0xFE, 0x00],
                "<prompt>x</prompt>"u8.ToArray(), "prompt=x"u8.ToArray(),
                Encoding.ASCII.GetBytes(new string('[', 100_000) + new string(']', 100_000)),
                Encoding.ASCII.GetBytes("{\"prompt\":\"" + new string('a', OverBodyLimit) + "\"}"))
            .Select(bytes => ((byte[]?)bytes, (string?)"application/json"))),
        (1, Mix.Just<(byte[]?, string?)>((null, null))));
}
